using System.Text;
using System.Text.Json;
using CrmHub.Grains.Hosting.Storage;
using Orleans.Storage;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>
/// The embedded file store passes the provider contract, and keeps every state file whole or refuses it: damaged files
/// are reported and never replaced, leftovers of interrupted writes are ignored, state written by Orleans' own file
/// storage is still read.
/// </summary>
public sealed class AtomicFileGrainStorageTests(FileStoreFixture store) : GrainStorageContract, IClassFixture<FileStoreFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected override IGrainStorage Storage => store.Storage;

    private string PathOf(GrainId grain) => GrainStateFileLayout.PathOf(store.RootDirectory, StateName, grain);

    [Fact]
    public async Task A_state_is_one_readable_json_file_named_after_the_grain_type_state_and_key()
    {
        var grain = GrainId.Create("customer", $"cust-{Guid.NewGuid():N}");

        var written = await Write(grain, Sample("Ada"));

        var path = Path.Combine(store.RootDirectory, "customer", StateName, grain.Key + ".json");
        PathOf(grain).ShouldBe(path);
        using var file = JsonDocument.Parse(File.ReadAllBytes(path));
        file.RootElement.GetProperty("format").GetInt32().ShouldBe(GrainStateFile.Format);
        file.RootElement.GetProperty("grainId").GetString().ShouldBe(grain.ToString());
        file.RootElement.GetProperty("eTag").GetString().ShouldBe(written.ETag);
        file.RootElement.GetProperty("state").GetProperty("Name").GetString().ShouldBe("Ada");
        File.Exists(AtomicFile.TemporaryPath(path)).ShouldBeFalse("the temporary file was renamed into place");
    }

    public static TheoryData<string, string> DamagedContents { get; } = new()
    {
        { "truncated", """{"format":1,"grainId":"contractgrain/x","stateName":"contract","eTag":"abc","state":{"Name":"A""" },
        { "empty", "" },
        { "not JSON", "\0\0\0\0garbage" },
        { "an envelope without state", """{"format":1,"grainId":"contractgrain/x","stateName":"contract","eTag":"abc"}""" },
        { "another format", """{"format":99,"grainId":"contractgrain/x","stateName":"contract","eTag":"abc","state":{}}""" },
        { "a state of the wrong shape", """{"format":1,"grainId":"{grain}","stateName":"contract","eTag":"abc","state":{"Values":"not a list"}}""" },
        { "another grain's state", """{"format":1,"grainId":"contractgrain/someone-else","stateName":"contract","eTag":"abc","state":{}}""" },
    };

    [Theory]
    [MemberData(nameof(DamagedContents))]
    public async Task A_damaged_file_fails_the_read_is_reported_and_is_never_replaced(string damage, string content)
    {
        var grain = NewGrain();
        var written = await Write(grain, Sample("precious"));
        var path = PathOf(grain);
        var bytes = Encoding.UTF8.GetBytes(content.Replace("{grain}", grain.ToString(), StringComparison.Ordinal));
        await File.WriteAllBytesAsync(path, bytes, Cancel);

        var failure = await Should.ThrowAsync<GrainStateDamagedException>(() => Read(grain), damage);
        failure.FilePath.ShouldBe(path);
        failure.Message.ShouldContain(path);
        store.Damaged.Current().ShouldContain(file => file.Path == path && file.GrainId == grain.ToString());

        await ShouldBeRefused(() => Write(grain, new ContractState(), written.ETag));
        await ShouldBeRefused(() => Write(grain, new ContractState()));
        await ShouldBeRefused(() => Storage.ClearStateAsync(StateName, grain, new GrainState<ContractState>(new(), written.ETag)));
        (await File.ReadAllBytesAsync(path, Cancel)).ShouldBe(bytes, "the damaged file is kept as it was");
    }

    [Fact]
    public async Task A_damaged_file_moved_away_by_an_operator_leaves_the_report_and_the_grain_starts_empty()
    {
        var grain = NewGrain();
        await Write(grain, Sample("precious"));
        var path = PathOf(grain);
        await File.WriteAllTextAsync(path, "{\"format\":1,", Cancel);
        await Should.ThrowAsync<GrainStateDamagedException>(() => Read(grain));

        File.Move(path, path + ".damaged");

        store.Damaged.Current().ShouldNotContain(file => file.Path == path);
        (await Read(grain)).RecordExists.ShouldBeFalse();
    }

    [Fact]
    public async Task A_temporary_file_left_by_an_interrupted_write_is_ignored_and_removed_at_read()
    {
        var grain = NewGrain();
        var written = await Write(grain, Sample("complete"));
        var temporary = AtomicFile.TemporaryPath(PathOf(grain));
        await File.WriteAllTextAsync(temporary, "{\"format\":1,\"grainId\":\"torn", Cancel);

        var read = await Read(grain);

        read.State!.Name.ShouldBe("complete");
        read.ETag.ShouldBe(written.ETag);
        File.Exists(temporary).ShouldBeFalse();
        var next = await Write(grain, Sample("next"), read.ETag);
        (await Read(grain)).ETag.ShouldBe(next.ETag);
    }

    [Fact]
    public async Task A_temporary_file_of_a_first_write_that_never_finished_is_no_state()
    {
        var grain = NewGrain();
        var temporary = AtomicFile.TemporaryPath(PathOf(grain));
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        await File.WriteAllTextAsync(temporary, "{\"format\":1,", Cancel);

        (await Read(grain)).RecordExists.ShouldBeFalse();

        File.Exists(temporary).ShouldBeFalse();
        store.Damaged.Current().ShouldNotContain(file => file.Path == temporary);
    }

    [Fact]
    public async Task State_written_by_orleans_file_storage_is_read_and_moves_to_its_own_file_on_the_next_write()
    {
        var grain = NewGrain();
        var legacyPath = GrainStateFileLayout.LegacyPath(store.RootDirectory, store.ServiceId, StateName, grain);
        var legacyETag = Guid.NewGuid();
        await File.WriteAllBytesAsync(legacyPath, [.. "ORLFS001"u8, .. legacyETag.ToByteArray(), .. """{"Name":"from Orleans","Values":[7]}"""u8], Cancel);

        var read = await Read(grain);

        read.RecordExists.ShouldBeTrue();
        read.ETag.ShouldBe(legacyETag.ToString("N"));
        read.State!.Name.ShouldBe("from Orleans");
        read.State!.Values.ShouldBe([7]);
        await Should.ThrowAsync<InconsistentStateException>(() => Write(grain, Sample("stale"), "other"));
        var written = await Write(grain, Sample("moved"), read.ETag);
        File.Exists(legacyPath).ShouldBeFalse();
        File.Exists(PathOf(grain)).ShouldBeTrue();
        (await Read(grain)).ETag.ShouldBe(written.ETag);
    }

    [Fact]
    public async Task A_damaged_orleans_file_storage_record_is_reported_and_kept()
    {
        var grain = NewGrain();
        var legacyPath = GrainStateFileLayout.LegacyPath(store.RootDirectory, store.ServiceId, StateName, grain);
        await File.WriteAllBytesAsync(legacyPath, "ORLFS0"u8.ToArray(), Cancel);

        (await Should.ThrowAsync<GrainStateDamagedException>(() => Read(grain))).FilePath.ShouldBe(legacyPath);
        await Should.ThrowAsync<GrainStateDamagedException>(() => Write(grain, Sample("over")));
        File.ReadAllBytes(legacyPath).ShouldBe("ORLFS0"u8.ToArray());
    }

    [Fact]
    public async Task An_activation_writing_again_and_again_keeps_every_write_and_its_etag()
    {
        var grain = NewGrain();
        var activation = new GrainState<ContractState>(Sample("first"));

        for (var write = 1; write <= 6; write++)
        {
            // Long and short in turn: a shorter state must not keep the tail of a longer one written before it.
            activation.State = Sample($"write {write}", write % 2 == 0 ? 1 : 40);
            await Storage.WriteStateAsync(StateName, grain, activation);

            var file = GrainStateFile.Parse(PathOf(grain), await File.ReadAllBytesAsync(PathOf(grain), Cancel));
            file.ETag.ShouldBe(activation.ETag);
            file.State.ToString().ShouldContain($"write {write}");
        }

        var read = await Read(grain);
        read.State!.Name.ShouldBe("write 6");
        read.ETag.ShouldBe(activation.ETag);
    }

    [Fact]
    public async Task A_cleared_state_leaves_no_earlier_version_of_it_on_disk()
    {
        var grain = NewGrain();
        var activation = new GrainState<ContractState>(Sample("first"));
        for (var write = 1; write <= 3; write++)
        {
            activation.State = Sample($"personal data {write}", write);
            await Storage.WriteStateAsync(StateName, grain, activation);
        }

        await Storage.ClearStateAsync(StateName, grain, activation);

        Directory.EnumerateFiles(Path.GetDirectoryName(PathOf(grain))!)
            .Where(path => File.ReadAllText(path).Contains(grain.ToString(), StringComparison.Ordinal))
            .ShouldBeEmpty();
        (await Read(grain)).RecordExists.ShouldBeFalse();
    }

    [Fact]
    public async Task A_file_edited_from_outside_after_the_activation_wrote_it_is_not_overwritten_by_its_next_write()
    {
        var grain = NewGrain();
        var activation = new GrainState<ContractState>(Sample("mine"));
        await Storage.WriteStateAsync(StateName, grain, activation);
        var path = PathOf(grain);
        var edited = Encoding.UTF8.GetBytes($$$"""{"format":1,"grainId":"{{{grain}}}","stateName":"{{{StateName}}}","eTag":"edited","state":{"Name":"theirs"}}""");
        await File.WriteAllBytesAsync(path, edited, Cancel);

        activation.State = Sample("mine again");
        await Should.ThrowAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, activation));

        (await File.ReadAllBytesAsync(path, Cancel)).ShouldBe(edited);
    }

    [Fact]
    public async Task Many_grains_writing_at_once_into_one_directory_all_keep_their_own_state()
    {
        var grains = Enumerable.Range(0, 64).Select(_ => NewGrain()).ToList();

        var written = await Task.WhenAll(grains.Select(grain => Write(grain, Sample(grain.ToString()))));

        for (var i = 0; i < grains.Count; i++)
        {
            var read = await Read(grains[i]);
            read.State!.Name.ShouldBe(grains[i].ToString());
            read.ETag.ShouldBe(written[i].ETag);
        }
    }

    /// <summary>
    /// A write or clear over a damaged file fails: as damaged, or — when the envelope is whole and only the state does
    /// not fit — as an ETag conflict (no grain ever read that file, so none holds its ETag).
    /// </summary>
    private static async Task ShouldBeRefused(Func<Task> change)
    {
        var failure = await Should.ThrowAsync<Exception>(change);
        failure.ShouldSatisfyAllConditions(() => (failure is GrainStateDamagedException or InconsistentStateException).ShouldBeTrue(failure.ToString()));
    }
}
