using CrmHub.Domain.ContactCentre;

namespace CrmHub.Domain.Tests.ContactCentre;

public class SkillRequirementTests
{
    [Theory]
    [InlineData("billing:3", "billing", 3)]
    [InlineData("billing", "billing", 1)]
    [InlineData("language:en", "language:en", 1)]
    [InlineData("  Technical:2 ", "technical", 2)]
    [InlineData("Language:EN", "language:en", 1)]
    [InlineData("language:en:2", "language:en", 2)]
    public void The_text_form_gives_name_and_minimum_level(string text, string name, int level)
    {
        SkillRequirement.Parse(text).ShouldBe(new SkillRequirement(name, level));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("billing:0")]
    [InlineData("billing:")]
    [InlineData(":3")]
    [InlineData("billing:99999999999")]
    public void Text_that_is_not_a_skill_is_rejected(string text)
    {
        SkillRequirement.TryParse(text, out var skill).ShouldBeFalse();
        skill.ShouldBeNull();
        Should.Throw<FormatException>(() => SkillRequirement.Parse(text)).Message.ShouldContain(text);
    }

    [Fact]
    public void Null_is_not_a_skill()
    {
        SkillRequirement.TryParse(null, out _).ShouldBeFalse();
    }

    [Fact]
    public void An_agents_skills_are_looked_up_without_regard_to_case_and_the_highest_repeated_level_wins()
    {
        var skills = SkillRequirement.ParseSkills(["billing:2", "Billing:4", "billing:3", "language:en"]);

        skills.Count.ShouldBe(2);
        skills["BILLING"].ShouldBe(4);
        skills["language:en"].ShouldBe(1);
    }

    [Theory]
    [InlineData("billing:3")]
    [InlineData("language:en")]
    [InlineData("billing:1")]
    public void The_text_form_round_trips(string text)
    {
        SkillRequirement.Parse(text).ToString().ShouldBe(text);
    }
}
