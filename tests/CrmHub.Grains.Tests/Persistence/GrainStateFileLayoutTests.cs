using CrmHub.Grains.Hosting.Storage;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>State file names are the grain's own names where that is safe, and distinct and safe for any name.</summary>
public sealed class GrainStateFileLayoutTests
{
    [Theory]
    [InlineData("cust-42")]
    [InlineData("agent1")]
    [InlineData("order_7.v2")]
    public void A_plain_lower_case_name_is_its_own_file_name(string name) =>
        GrainStateFileLayout.Segment(name).ShouldBe(name);

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("..", "%2E.")]
    [InlineData("127.0.0.1:11111", "127.0.0.1%3A11111")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("~", "%7E")]
    public void Separators_a_leading_dot_and_other_characters_are_escaped(string name, string segment) =>
        GrainStateFileLayout.Segment(name).ShouldBe(segment);

    [Fact]
    public void Names_that_differ_only_in_case_get_file_names_that_differ_also_when_case_is_ignored()
    {
        var names = new[] { "cust-a", "Cust-A", "CUST-A", "cust-A" }.Select(GrainStateFileLayout.Segment).ToList();

        names.Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(names.Count);
        names[1].ShouldStartWith("Cust-A~");
    }

    [Fact]
    public void A_long_name_is_cut_and_made_unique_by_a_hash()
    {
        var first = GrainStateFileLayout.Segment(new string('k', 300) + "1");
        var second = GrainStateFileLayout.Segment(new string('k', 300) + "2");

        first.Length.ShouldBeLessThanOrEqualTo(GrainStateFileLayout.MaxReadableLength + 17);
        first.ShouldNotBe(second);
    }

    [Fact]
    public void Every_segment_is_a_single_safe_file_name()
    {
        foreach (var name in new[] { "", ".", "..", "a/../b", "C:\\x", "nul\0byte", "tab\there", "emoji 😀" })
        {
            var segment = GrainStateFileLayout.Segment(name);
            segment.ShouldNotBeEmpty();
            segment.IndexOfAny(['/', '\\', ':', '\0', '\t', ' ']).ShouldBe(-1, name);
            segment.ShouldNotStartWith(".");
        }
    }
}
