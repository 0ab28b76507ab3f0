using Orleans.Storage;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>
/// What every CrmHub grain storage provider must do, whatever it stores in: read back what was written, give every
/// write a new ETag, refuse a write or clear whose ETag is not the stored one (<see cref="InconsistentStateException"/>,
/// nothing changed), clear, and keep the states of different grains and state names apart for any key.
/// A provider's test class derives from this and supplies <see cref="Storage"/> (configured as the silo configures it,
/// with the product's grain-state serializer); each test uses grain keys of its own, so one storage can serve them all.
/// </summary>
public abstract class GrainStorageContract
{
    /// <summary>Keys a provider must store apart: separators, dots, case, spaces, other scripts, a long one.</summary>
    public static TheoryData<string> AwkwardKeys { get; } =
    [
        "plain-key",
        "with/slash\\and:colon",
        "..",
        "Mixed-Case",
        "mixed-case",
        "with space and ümlaut 客户",
        "%41~percent",
        new string('k', 400),
    ];

    /// <summary>The provider under test (the same instance for every test of the class is fine).</summary>
    protected abstract IGrainStorage Storage { get; }

    protected static string StateName => "contract";

    protected static GrainId NewGrain(string? key = null) =>
        GrainId.Create("contractgrain", key ?? $"g-{Guid.NewGuid():N}");

    protected static ContractState Sample(string name, int count = 3) =>
        new() { Name = name, Values = [.. Enumerable.Range(1, count)], At = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero) };

    protected async Task<GrainState<ContractState>> Read(GrainId grain, string? stateName = null)
    {
        var state = new GrainState<ContractState>();
        await Storage.ReadStateAsync(stateName ?? StateName, grain, state);
        return state;
    }

    protected async Task<GrainState<ContractState>> Write(GrainId grain, ContractState value, string? eTag = null, string? stateName = null)
    {
        var state = new GrainState<ContractState>(value, eTag);
        await Storage.WriteStateAsync(stateName ?? StateName, grain, state);
        return state;
    }

    [Fact]
    public async Task A_state_never_written_reads_as_a_new_state_without_an_etag()
    {
        var state = await Read(NewGrain());

        state.RecordExists.ShouldBeFalse();
        state.ETag.ShouldBeNull();
        state.State.ShouldNotBeNull().Name.ShouldBeNull();
        state.State!.Values.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_written_state_reads_back_whole_with_the_etag_of_the_write()
    {
        var grain = NewGrain();
        var written = await Write(grain, Sample("Ada", 5));

        written.ETag.ShouldNotBeNullOrEmpty();
        written.RecordExists.ShouldBeTrue();
        var read = await Read(grain);
        read.RecordExists.ShouldBeTrue();
        read.ETag.ShouldBe(written.ETag);
        read.State.ShouldBeEquivalentTo(Sample("Ada", 5));
    }

    [Fact]
    public async Task Every_write_gives_a_new_etag_and_the_last_write_wins()
    {
        var grain = NewGrain();
        var first = await Write(grain, Sample("one"));
        var second = await Write(grain, Sample("two"), first.ETag);

        second.ETag.ShouldNotBe(first.ETag);
        var read = await Read(grain);
        read.ETag.ShouldBe(second.ETag);
        read.State!.Name.ShouldBe("two");
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var grain = NewGrain();
        var first = await Write(grain, Sample("one"));
        var second = await Write(grain, Sample("two"), first.ETag);

        await Should.ThrowAsync<InconsistentStateException>(() => Write(grain, Sample("stale"), first.ETag));

        var read = await Read(grain);
        read.ETag.ShouldBe(second.ETag);
        read.State!.Name.ShouldBe("two");
    }

    [Fact]
    public async Task A_write_without_an_etag_over_a_stored_state_is_refused()
    {
        var grain = NewGrain();
        await Write(grain, Sample("stored"));

        await Should.ThrowAsync<InconsistentStateException>(() => Write(grain, Sample("blind"), eTag: null));

        (await Read(grain)).State!.Name.ShouldBe("stored");
    }

    [Fact]
    public async Task A_write_with_an_etag_when_nothing_is_stored_is_refused()
    {
        var grain = NewGrain();

        await Should.ThrowAsync<InconsistentStateException>(() => Write(grain, Sample("ghost"), eTag: "no-such-etag"));

        (await Read(grain)).RecordExists.ShouldBeFalse();
    }

    [Fact]
    public async Task A_cleared_state_reads_as_new_and_can_be_written_again()
    {
        var grain = NewGrain();
        var written = await Write(grain, Sample("gone"));

        await Storage.ClearStateAsync(StateName, grain, written);

        written.ETag.ShouldBeNull();
        written.RecordExists.ShouldBeFalse();
        var read = await Read(grain);
        read.RecordExists.ShouldBeFalse();
        read.ETag.ShouldBeNull();
        read.State!.Name.ShouldBeNull();
        var again = await Write(grain, Sample("back"), read.ETag);
        (await Read(grain)).ETag.ShouldBe(again.ETag);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_is_refused_and_keeps_the_state()
    {
        var grain = NewGrain();
        var first = await Write(grain, Sample("one"));
        await Write(grain, Sample("two"), first.ETag);

        await Should.ThrowAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, new GrainState<ContractState>(Sample("x"), first.ETag)));

        (await Read(grain)).State!.Name.ShouldBe("two");
    }

    [Fact]
    public async Task Clearing_a_state_never_written_leaves_it_new()
    {
        var grain = NewGrain();
        var state = new GrainState<ContractState>(Sample("never"), null);

        await Storage.ClearStateAsync(StateName, grain, state);

        state.RecordExists.ShouldBeFalse();
        (await Read(grain)).RecordExists.ShouldBeFalse();
    }

    [Fact]
    public async Task States_of_different_grains_and_state_names_are_kept_apart()
    {
        var grain = NewGrain();
        var other = NewGrain();
        await Write(grain, Sample("first"));
        await Write(grain, Sample("second name"), stateName: "other");
        await Write(other, Sample("other grain"));

        (await Read(grain)).State!.Name.ShouldBe("first");
        (await Read(grain, "other")).State!.Name.ShouldBe("second name");
        (await Read(other)).State!.Name.ShouldBe("other grain");
    }

    [Theory]
    [MemberData(nameof(AwkwardKeys))]
    public async Task Any_grain_key_round_trips_to_its_own_state(string key)
    {
        var suffix = Guid.NewGuid().ToString("N");
        var grain = NewGrain(key + suffix);
        var lookalike = NewGrain(key.ToUpperInvariant() == key ? key.ToLowerInvariant() + suffix : key.ToUpperInvariant() + suffix);

        await Write(grain, Sample(key));

        (await Read(grain)).State!.Name.ShouldBe(key);
        (await Read(lookalike)).RecordExists.ShouldBe(lookalike == grain);
    }

    [Fact]
    public async Task A_large_state_round_trips()
    {
        var grain = NewGrain();
        var large = Sample(new string('x', 300_000), count: 20_000);

        var written = await Write(grain, large);

        var read = await Read(grain);
        read.ETag.ShouldBe(written.ETag);
        read.State.ShouldBeEquivalentTo(large);
    }
}

/// <summary>The state the contract stores: text, a list and a time, with a parameterless constructor like grain states.</summary>
public sealed class ContractState
{
    public string? Name { get; set; }

    public List<int> Values { get; set; } = [];

    public DateTimeOffset At { get; set; }
}
