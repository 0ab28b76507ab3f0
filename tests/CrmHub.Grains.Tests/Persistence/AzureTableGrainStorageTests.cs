using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CrmHub.Grains.Hosting.AzureStorage;
using Orleans.Storage;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>
/// The Azure Table Storage provider passes the provider contract against Azurite, and: keeps states larger than a
/// row in blobs, stores keys with characters Azure forbids, lets exactly one of two concurrent writers win, and
/// honours DeleteStateOnClear.
/// </summary>
public sealed class AzureTableGrainStorageTests : GrainStorageContract, IClassFixture<AzureTableStoreFixture>
{
    private readonly AzureTableStoreFixture _store;

    public AzureTableGrainStorageTests(AzureTableStoreFixture store)
    {
        // Before any arrange step: without Azurite every test is skipped, not failed half-way.
        store.Azurite.SkipUnlessRunning();
        _store = store;
    }

    protected override IGrainStorage Storage => _store.Storage;

    private TableClient Table => new TableServiceClient(_store.Azurite.ConnectionString).GetTableClient(AzureTableGrainStorageOptions.DefaultTableName);

    private BlobContainerClient Container => new BlobServiceClient(_store.Azurite.ConnectionString).GetBlobContainerClient(AzureTableGrainStorageOptions.DefaultContainerName);

    private TableEntity? Row(GrainId grain) =>
        Table.GetEntityIfExists<TableEntity>(AzureTableKeys.Escape($"{_store.ServiceId}_{grain}"), AzureTableKeys.Escape(StateName)) is { HasValue: true } found
            ? found.Value
            : null;

    private int BlobCount() => Container.Exists().Value ? Container.GetBlobs().Count() : 0;

    [Fact]
    public async Task A_state_of_three_mebibytes_round_trips_through_a_blob_and_its_replacement_deletes_the_old_blob()
    {
        var grain = NewGrain();
        var large = Sample(new string('x', 3 * 1024 * 1024), count: 1_000);
        var blobsBefore = BlobCount();

        var written = await Write(grain, large);

        var read = await Read(grain);
        read.ETag.ShouldBe(written.ETag);
        read.State.ShouldBeEquivalentTo(large);
        Row(grain).ShouldNotBeNull().GetString("Blob").ShouldNotBeNullOrEmpty();
        BlobCount().ShouldBe(blobsBefore + 1);

        var larger = await Write(grain, Sample(new string('y', 3 * 1024 * 1024)), read.ETag);
        BlobCount().ShouldBe(blobsBefore + 1, "the replaced blob is deleted");
        await Should.ThrowAsync<InconsistentStateException>(() => Write(grain, Sample(new string('z', 2 * 1024 * 1024)), read.ETag));
        BlobCount().ShouldBe(blobsBefore + 1, "a refused write deletes the blob it uploaded");

        var small = await Write(grain, Sample("small again"), larger.ETag);
        BlobCount().ShouldBe(blobsBefore, "a state back in the row leaves no blob");
        Row(grain).ShouldNotBeNull().ContainsKey("Blob").ShouldBeFalse();
        (await Read(grain)).ETag.ShouldBe(small.ETag);
    }

    [Fact]
    public async Task Clearing_a_state_kept_in_a_blob_deletes_the_blob()
    {
        var grain = NewGrain();
        var blobsBefore = BlobCount();
        var written = await Write(grain, Sample(new string('c', 2 * 1024 * 1024)));
        BlobCount().ShouldBe(blobsBefore + 1);

        await Storage.ClearStateAsync(StateName, grain, written);

        BlobCount().ShouldBe(blobsBefore);
        (await Read(grain)).RecordExists.ShouldBeFalse();
    }

    [Fact]
    public async Task A_state_just_under_the_row_limit_is_split_over_properties_of_the_row()
    {
        var grain = NewGrain();
        var state = Sample(new string('r', AzureTableGrainStorage.MaxInlineBytes - 1_000), count: 0);
        var blobsBefore = BlobCount();

        await Write(grain, state);

        (await Read(grain)).State.ShouldBeEquivalentTo(state);
        var row = Row(grain).ShouldNotBeNull();
        row.ContainsKey("Data14").ShouldBeTrue("15 properties of 64 KiB");
        row.ContainsKey("Blob").ShouldBeFalse();
        BlobCount().ShouldBe(blobsBefore);
    }

    public static TheoryData<string> ForbiddenKeys { get; } =
    [
        "slash/back\\slash",
        "hash#question?",
        "control\u0001\u001f\u007f\u0085chars",
        "quote'and\"percent%20!21",
    ];

    [Theory]
    [MemberData(nameof(ForbiddenKeys))]
    public async Task A_key_with_characters_azure_forbids_is_stored_under_an_escaped_key_and_reads_back(string key)
    {
        var grain = NewGrain(key + Guid.NewGuid().ToString("N"));

        var written = await Write(grain, Sample(key));

        var read = await Read(grain);
        read.State!.Name.ShouldBe(key);
        read.ETag.ShouldBe(written.ETag);
        var row = Row(grain).ShouldNotBeNull();
        row.GetString("GrainId").ShouldBe(grain.ToString());
        row.PartitionKey.ShouldNotContain('/');
        row.PartitionKey.ShouldNotContain('\\');
        row.PartitionKey.ShouldNotContain('#');
        row.PartitionKey.ShouldNotContain('?');
        row.PartitionKey.ShouldAllBe(c => !char.IsControl(c));
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_wins_and_the_other_gets_a_version_conflict()
    {
        var grain = NewGrain();
        var original = await Write(grain, Sample("original"));
        var otherSilo = _store.Create();

        var writes = new[] { "first", "second" }.Select(async (name, i) =>
        {
            var storage = i == 0 ? Storage : otherSilo;
            var state = new GrainState<ContractState>(Sample(name), original.ETag);
            try
            {
                await storage.WriteStateAsync(StateName, grain, state);
                return (name, won: true);
            }
            catch (InconsistentStateException)
            {
                return (name, won: false);
            }
        }).ToArray();
        var outcomes = await Task.WhenAll(writes);

        outcomes.Count(o => o.won).ShouldBe(1);
        (await Read(grain)).State!.Name.ShouldBe(outcomes.Single(o => o.won).name);
    }

    [Fact]
    public async Task A_first_write_loses_to_another_first_write_of_the_same_state()
    {
        var grain = NewGrain();
        await Write(grain, Sample("first"));

        await Should.ThrowAsync<InconsistentStateException>(() => _store.Create().WriteStateAsync(StateName, grain, new GrainState<ContractState>(Sample("second"), null)));

        (await Read(grain)).State!.Name.ShouldBe("first");
    }

    [Fact]
    public async Task Clearing_keeps_an_empty_row_by_default_and_deletes_it_with_DeleteStateOnClear()
    {
        var kept = NewGrain();
        var written = await Write(kept, Sample("kept row"));
        await Storage.ClearStateAsync(StateName, kept, written);
        var row = Row(kept).ShouldNotBeNull();
        row.ContainsKey("Data0").ShouldBeFalse();

        var deleting = _store.Create(options => options.DeleteStateOnClear = true);
        var deleted = NewGrain();
        var state = new GrainState<ContractState>(Sample("deleted row"), null);
        await deleting.WriteStateAsync(StateName, deleted, state);
        await deleting.ClearStateAsync(StateName, deleted, state);
        Row(deleted).ShouldBeNull();
        state.RecordExists.ShouldBeFalse();
    }

    [Fact]
    public void Keys_escape_every_character_azure_forbids_and_stay_distinct_and_short()
    {
        AzureTableKeys.Escape("customer/cust-42").ShouldBe("customer!2Fcust-42");
        AzureTableKeys.Escape("a#b?c\\d\u0001").ShouldBe("a!23b!3Fc!5Cd!01");
        AzureTableKeys.Escape("!2F").ShouldNotBe(AzureTableKeys.Escape("/"));
        AzureTableKeys.Escape("Mixed").ShouldNotBe(AzureTableKeys.Escape("mixed"));
        AzureTableKeys.Escape("客").ShouldBe("!E5!AE!A2");
        var longKey = AzureTableKeys.Escape(new string('/', 2_000));
        longKey.Length.ShouldBeLessThan(1_024);
        longKey.ShouldNotBe(AzureTableKeys.Escape(new string('/', 1_999)));
    }
}
