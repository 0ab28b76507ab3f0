using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Tests.Infrastructure;
using CrmHub.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>A small state for storing through the provider directly.</summary>
public sealed record PostgresProbeState
{
    public string Text { get; init; } = "";

    public int Count { get; init; }
}

/// <summary>
/// The PostgreSQL profile's grain storage (Orleans' ADO.NET provider on the project's own SQL): grain state reads back
/// whole after reactivation, and the version column works as the ETag, so a stale or second writer is refused.
/// </summary>
[Collection(PostgresStorageCluster.Collection)]
public sealed class PostgresGrainStorageTests
{
    private readonly PostgresStorageCluster _cluster;

    public PostgresGrainStorageTests(PostgresStorageCluster cluster)
    {
        cluster.SkipUnlessAvailable();
        _cluster = cluster;
    }

    private IGrainStorage Storage =>
        _cluster.Cluster.GetSiloServiceProvider(_cluster.Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);

    private static GrainId ProbeId() => GrainId.Create("probe-state", Build.Key("probe"));

    private static GrainState<PostgresProbeState> Empty() => new() { State = new PostgresProbeState() };

    [Fact]
    public async Task A_customer_a_complaint_and_an_inbox_read_back_whole_after_reactivation()
    {
        var customer = new TestCustomer(_cluster.Grains);
        var complaintId = Build.Key("C");
        InteractionEvent[] history =
        [
            customer.Profile(Build.At(0), "Ada", owner: TestStaff.Agent1),
            customer.Purchase(Build.At(10), 100m),
            customer.Purchase(Build.At(20), 40.5m),
            customer.Complaint(Build.At(30), complaintId),
        ];
        await customer.Apply(history);
        var complaint = _cluster.Complaint(complaintId);
        await complaint.RecordStep(TestStaff.Agent1, ComplaintStep.Listen);
        var agent = _cluster.Agent(Build.Key("agent"));
        var delivered = await agent.DeliverAll(Build.Drafts("note", 3, Build.At(35)));
        var viewBefore = await customer.View();

        await _cluster.Deactivate(customer.Grain);
        await _cluster.Deactivate(complaint);
        await _cluster.Deactivate(agent);

        (await customer.View()).ShouldMatch(viewBefore);
        (await customer.Apply(history)).ShouldAllBe(status => status == IngestStatus.Duplicate);
        var complaintView = (await complaint.GetView()).ShouldNotBeNull();
        (complaintView.Status, complaintView.OwnerAgentId).ShouldBe((ComplaintStatus.InProgress, TestStaff.Agent1));
        (await agent.Resync(0)).Items.ShouldBe(delivered);
        (await agent.Deliver(Build.Draft("note-1", Build.At(35)))).ShouldBe(delivered[0], "delivery stays idempotent by key");
        (await agent.Deliver(Build.Draft("after-reactivation", Build.At(40)))).Seq.ShouldBe(4);
    }

    [Fact]
    public async Task Customer_state_is_stored_as_readable_json_in_its_table_row()
    {
        var customer = new TestCustomer(_cluster.Grains);
        await customer.Apply(customer.Profile(Build.At(0), "Ada"));

        var json = (string?)await PostgresServer.ScalarAsync(_cluster.ConnectionString,
            $"SELECT convert_from(payload, 'UTF8') FROM crmhub_grain_state WHERE grain_type = 'customer' AND grain_id_extension = '{customer.Id}'");

        json.ShouldNotBeNull().ShouldContain("\"Name\":\"Ada\"");
    }

    [Fact]
    public async Task A_write_names_the_version_it_read_and_the_row_moves_one_version_on()
    {
        var id = ProbeId();
        var state = Empty();
        state.State = new PostgresProbeState { Text = "first", Count = 1 };

        await Storage.WriteStateAsync("probe", id, state);
        var firstEtag = state.ETag.ShouldNotBeNull();
        state.State = state.State with { Count = 2 };
        await Storage.WriteStateAsync("probe", id, state);

        state.ETag.ShouldNotBe(firstEtag);
        var read = Empty();
        await Storage.ReadStateAsync("probe", id, read);
        (read.State, read.ETag, read.RecordExists).ShouldBe((new PostgresProbeState { Text = "first", Count = 2 }, state.ETag, true));
    }

    [Fact]
    public async Task A_writer_holding_a_stale_etag_is_refused_and_the_stored_state_is_unchanged()
    {
        var id = ProbeId();
        var winner = Empty();
        await Storage.WriteStateAsync("probe", id, winner);
        var loser = Empty();
        await Storage.ReadStateAsync("probe", id, loser);
        winner.State = new PostgresProbeState { Text = "winner" };
        await Storage.WriteStateAsync("probe", id, winner);

        loser.State = new PostgresProbeState { Text = "loser" };
        await Should.ThrowAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", id, loser));

        var read = Empty();
        await Storage.ReadStateAsync("probe", id, read);
        read.State!.Text.ShouldBe("winner");
    }

    [Fact]
    public async Task Two_first_writers_of_the_same_grain_cannot_both_create_it()
    {
        var id = ProbeId();
        var first = Empty();
        var second = Empty();
        first.State = new PostgresProbeState { Text = "first" };
        second.State = new PostgresProbeState { Text = "second" };

        await Storage.WriteStateAsync("probe", id, first);

        await Should.ThrowAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", id, second));
    }

    [Fact]
    public async Task Clearing_empties_the_state_keeps_counting_versions_and_refuses_a_stale_etag()
    {
        var id = ProbeId();
        var state = Empty();
        state.State = new PostgresProbeState { Text = "kept" };
        await Storage.WriteStateAsync("probe", id, state);
        var stale = state.ETag;

        await Storage.ClearStateAsync("probe", id, state);

        var read = Empty();
        await Storage.ReadStateAsync("probe", id, read);
        (read.RecordExists, read.State!.Text, read.ETag).ShouldBe((false, "", state.ETag));
        var old = Empty();
        old.ETag = stale;
        old.RecordExists = true;
        await Should.ThrowAsync<InconsistentStateException>(() => Storage.ClearStateAsync("probe", id, old));
        read.State = new PostgresProbeState { Text = "again" };
        await Storage.WriteStateAsync("probe", id, read);
        read.RecordExists.ShouldBeTrue();
    }

    [Fact]
    public async Task Grains_of_another_type_or_key_do_not_see_each_others_state()
    {
        var key = Build.Key("shared");
        var state = Empty();
        state.State = new PostgresProbeState { Text = "mine" };
        await Storage.WriteStateAsync("probe", GrainId.Create("probe-state", key), state);

        var otherType = Empty();
        await Storage.ReadStateAsync("other", GrainId.Create("other-state", key), otherType);
        var otherKey = Empty();
        await Storage.ReadStateAsync("probe", GrainId.Create("probe-state", key + "x"), otherKey);

        (otherType.RecordExists, otherType.ETag).ShouldBe((false, null));
        (otherKey.RecordExists, otherKey.ETag).ShouldBe((false, null));
    }
}
