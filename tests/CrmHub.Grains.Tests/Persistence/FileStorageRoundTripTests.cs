using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Hosting.Storage;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>
/// State written through the product's embedded default (file grain storage with the JSON grain-state serializer)
/// reads back whole after the grain was deactivated and activated again.
/// </summary>
[Collection(FileStorageCluster.Collection)]
public sealed class FileStorageRoundTripTests(FileStorageCluster cluster)
{
    private readonly TestCustomer _customer = new(cluster.Grains);
    private readonly string _complaintId = Build.Key("C");

    private InteractionEvent[] History() =>
    [
        _customer.Profile(Build.At(0), "Ada", owner: TestStaff.Agent1, region: "North"),
        _customer.Purchase(Build.At(10), 100m),
        _customer.Contact(Build.At(15)),
        _customer.Purchase(Build.At(20), 40.5m),
        _customer.Complaint(Build.At(30), _complaintId),
    ];

    [Fact]
    public async Task A_customer_reads_back_the_same_after_reactivation_and_every_processed_event_is_still_a_duplicate()
    {
        var history = History();
        await _customer.Apply(history);
        var before = await _customer.View();

        await cluster.Deactivate(_customer.Grain);

        (await _customer.View()).ShouldMatch(before);
        (await _customer.Apply(history)).ShouldAllBe(status => status == IngestStatus.Duplicate);
        (await _customer.View()).ShouldMatch(before);
    }

    [Fact]
    public async Task Facts_read_back_from_storage_keep_deriving_values_for_new_events()
    {
        await _customer.Apply(History());
        await cluster.Deactivate(_customer.Grain);

        await _customer.Apply(_customer.Purchase(Build.At(5), 9.5m), _customer.Profile(Build.At(-5), "Ada Old"));

        var view = await _customer.View();
        view.PurchaseCount.ShouldBe(3);
        view.TotalRevenue.ShouldBe(150m);
        view.FirstPurchaseAt.ShouldBe(Build.At(5));
        view.LastPurchaseAt.ShouldBe(Build.At(20));
        view.LifecycleStage.ShouldBe(LifecycleStage.Repeat);
        view.Profile.Name.ShouldBe("Ada", "the late profile event is older than the stored one");
        view.Profile.OwnerAgentId.ShouldBe(TestStaff.Agent1);
    }

    [Fact]
    public async Task A_complaint_reads_back_with_its_steps_owner_and_recipients()
    {
        await _customer.Apply(History());
        var complaint = cluster.Complaint(_complaintId);
        await complaint.RecordStep(TestStaff.Agent1, ComplaintStep.Listen);

        await cluster.Deactivate(complaint);

        var view = (await complaint.GetView()).ShouldNotBeNull();
        view.Status.ShouldBe(ComplaintStatus.InProgress);
        view.OwnerAgentId.ShouldBe(TestStaff.Agent1);
        view.Steps.Select(step => step.Step).ShouldBe([ComplaintStep.Listen]);
        (await complaint.RecordStep(TestStaff.Agent2, ComplaintStep.Apologise)).Outcome.ShouldBe(StepOutcome.OwnedByAnotherAgent);
        (await complaint.RecordStep(TestStaff.Agent1, ComplaintStep.Apologise)).Outcome.ShouldBe(StepOutcome.Recorded);
        (await cluster.Agent(TestStaff.Supervisor).UpdatesAbout(_complaintId)).Length.ShouldBe(2, "the recipients were read back too");
    }

    [Fact]
    public async Task An_inbox_reads_back_with_every_kind_of_notification_and_keeps_numbering_and_deduplicating()
    {
        var agent = cluster.Agent(Build.Key("agent"));
        var alert = new NotificationDraft("complaintAlert:C-1", Build.At(1), new ComplaintAlert(
            "C-1", _customer.Id, "Ada", "Late delivery", ComplaintCategory.Product, ComplaintSeverity.Low, Build.At(0)));
        var update = new NotificationDraft("complaintUpdated:C-1:1", Build.At(2), new ComplaintUpdated("C-1", ComplaintStatus.InProgress, "agent1"));
        var stored = new[] { await agent.Deliver(alert), await agent.Deliver(update) };

        await cluster.Deactivate(agent);

        var inbox = await agent.Resync(0);
        inbox.Items.ShouldBe(stored);
        inbox.Items.Select(notification => notification.Kind).ShouldBe([NotificationKinds.ComplaintAlert, NotificationKinds.ComplaintUpdated]);
        (await agent.Deliver(alert)).ShouldBe(stored[0]);
        (await agent.Deliver(Build.Draft("next", Build.At(3)))).Seq.ShouldBe(3);
    }

    [Fact]
    public async Task Customer_state_on_disk_is_readable_json_with_enums_and_event_types_as_names()
    {
        await _customer.Apply(History());

        var customerFiles = Directory.EnumerateFiles(cluster.RootDirectory, "*" + GrainStateFileLayout.Extension, SearchOption.AllDirectories)
            .Where(path => File.ReadAllText(path).Contains(_customer.Id, StringComparison.Ordinal) && File.ReadAllText(path).Contains("\"Processed\"", StringComparison.Ordinal))
            .ToList();

        // One JSON file per grain state: a small envelope (grain, state name, ETag) around the serialized state.
        var path = customerFiles.ShouldHaveSingleItem();
        path.ShouldEndWith(Path.Combine("customer", "customer", _customer.Id + ".json"));
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var state = file.RootElement.GetProperty("state");
        state.GetProperty("Record").GetProperty("CustomerId").GetString().ShouldBe(_customer.Id);
        var json = state.GetRawText();
        json.ShouldContain("\"Source\":\"EndCustomer\"");
        json.ShouldContain($"\"Type\":\"{EventTypes.Complaint}\"");
    }
}
