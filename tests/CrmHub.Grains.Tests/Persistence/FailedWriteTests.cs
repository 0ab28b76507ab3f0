using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.ContactCentre;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>
/// Writes that fail: nothing is acknowledged from memory, no half state is left behind, and hand-overs that
/// failed after an acknowledgement are retried on the grains' clock until they succeed. While one waits, a durable
/// reminder stands in for the activation, so a silo lost meanwhile does not leave it until the grain's next call.
/// </summary>
[Collection(FaultyStorageCluster.Collection)]
public sealed class FailedWriteTests(FaultyStorageCluster cluster)
{
    private static readonly TimeSpan RetryDelay = new RealtimeOptions().RetryDelay;

    private readonly TestCustomer _customer = new(cluster.Grains);
    private readonly string _complaintId = Build.Key("C");
    private readonly string _owner = Build.Key("owner");

    private IComplaintGrain Complaint => cluster.Complaint(_complaintId);

    [Fact]
    public async Task A_batch_whose_write_fails_is_not_acknowledged_and_its_retry_is_accepted_not_duplicate()
    {
        var profile = _customer.Profile(Build.At(0), "Ada");
        await _customer.Apply(profile);
        var purchase = _customer.Purchase(Build.At(10), 100m);
        cluster.Storage.FailNextWrites(_customer.Grain);

        await InjectedStorageFailure.ShouldEndTheCall(() => _customer.Apply(purchase));

        (await _customer.View()).PurchaseCount.ShouldBe(0, "the failed write left no half state in memory");
        (await _customer.Apply(purchase, profile)).ShouldBe([IngestStatus.Accepted, IngestStatus.Duplicate]);
        (await _customer.View()).PurchaseCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_first_batch_of_a_new_customer_whose_write_fails_leaves_no_customer()
    {
        cluster.Storage.FailNextWrites(_customer.Grain);

        await InjectedStorageFailure.ShouldEndTheCall(() => _customer.Apply(_customer.Profile(Build.At(0), "Ada")));

        (await _customer.Grain.GetView()).ShouldBeNull();
    }

    [Fact]
    public async Task A_notification_whose_write_fails_takes_no_sequence_number()
    {
        var agent = cluster.Agent(Build.Key("agent"));
        await agent.Deliver(Build.Draft("n-1", Build.At(0)));
        cluster.Storage.FailNextWrites(agent);

        await InjectedStorageFailure.ShouldEndTheCall(() => agent.Deliver(Build.Draft("n-2", Build.At(1))));

        (await agent.GetStatus()).LastSeq.ShouldBe(1);
        (await agent.Deliver(Build.Draft("n-2", Build.At(1)))).Seq.ShouldBe(2);
        Build.Seqs((await agent.Resync(0)).Items).ShouldBe([1L, 2L]);
    }

    [Fact]
    public async Task A_step_whose_write_fails_is_not_recorded_and_can_be_taken_again()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada", owner: _owner));
        await _customer.RaiseComplaint(_complaintId, Build.At(10));
        cluster.Storage.FailNextWrites(Complaint);

        await InjectedStorageFailure.ShouldEndTheCall(() => Complaint.RecordStep(_owner, ComplaintStep.Listen));

        var view = (await Complaint.GetView()).ShouldNotBeNull();
        view.Status.ShouldBe(ComplaintStatus.Open);
        view.Steps.ShouldBeEmpty();
        (await Complaint.RecordStep(_owner, ComplaintStep.Listen)).Outcome.ShouldBe(StepOutcome.Recorded);
        (await cluster.Agent(_owner).UpdatesAbout(_complaintId)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_complaint_the_complaint_grain_could_not_store_is_acknowledged_and_opened_on_retry()
    {
        await AcknowledgeAComplaintItsGrainCannotStore();

        (await Complaint.GetView()).ShouldBeNull();

        cluster.Clock.Advance(RetryDelay);

        await Eventually.True(async () => await Complaint.GetView() is not null, "the customer grain retries opening the complaint");
        (await cluster.Agent(_owner).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        (await cluster.Agent(TestStaff.Supervisor).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_complaint_pending_when_the_customer_grain_deactivated_is_opened_on_its_next_activation()
    {
        await AcknowledgeAComplaintItsGrainCannotStore();

        await cluster.Deactivate(_customer.Grain);
        await _customer.Grain.GetView();

        await Eventually.True(async () => await Complaint.GetView() is not null, "the reactivated customer grain opens the pending complaint");
        (await cluster.Agent(_owner).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        await Eventually.True(async () => await cluster.ReminderOf(_customer.Grain, HandOverRetry.ReminderName) is null, "the earlier activation's reminder goes once nothing waits");
    }

    [Fact]
    public async Task An_alert_whose_inbox_write_failed_is_delivered_once_on_retry()
    {
        await RaiseAComplaintWhoseAlertTheOwnersInboxCannotStore();
        (await Complaint.GetView()).ShouldNotBeNull();
        (await cluster.Agent(_owner).AlertsAbout(_complaintId)).ShouldBeEmpty();
        (await cluster.Agent(TestStaff.Supervisor).AlertsAbout(_complaintId)).ShouldHaveSingleItem();

        cluster.Clock.Advance(RetryDelay);

        await Eventually.True(async () => (await cluster.Agent(_owner).AlertsAbout(_complaintId)).Length == 1, "the complaint grain retries the delivery");
        (await cluster.Agent(TestStaff.Supervisor).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        await Eventually.True(async () => await cluster.ReminderOf(Complaint, HandOverRetry.ReminderName) is null, "the reminder goes once the retry delivered");
    }

    [Fact]
    public async Task An_alert_pending_when_the_complaint_grain_deactivated_is_delivered_on_its_next_activation()
    {
        await RaiseAComplaintWhoseAlertTheOwnersInboxCannotStore();

        await cluster.Deactivate(Complaint);
        await Complaint.GetView();

        await Eventually.True(async () => (await cluster.Agent(_owner).AlertsAbout(_complaintId)).Length == 1, "the reactivated complaint grain delivers");
        await Eventually.True(async () => await cluster.ReminderOf(Complaint, HandOverRetry.ReminderName) is null, "the earlier activation's reminder goes once nothing waits");
    }

    [Fact]
    public async Task An_alert_pending_when_the_complaint_grains_silo_is_lost_is_delivered_when_its_hand_over_reminder_fires()
    {
        await RaiseAComplaintWhoseAlertTheOwnersInboxCannotStore();
        (await cluster.ReminderOf(Complaint, HandOverRetry.ReminderName)).ShouldNotBeNull("a failed hand-over keeps a durable reminder");

        // The activation and its retry timer go, as with a failed silo; the reminder service fires on a live one.
        await cluster.Deactivate(Complaint);
        await Complaint.AsReference<IRemindable>().ReceiveReminder(HandOverRetry.ReminderName, default, TestContext.Current.CancellationToken);

        (await cluster.Agent(_owner).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        (await cluster.Agent(TestStaff.Supervisor).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        (await cluster.ReminderOf(Complaint, HandOverRetry.ReminderName)).ShouldBeNull("nothing waits any more");
    }

    [Fact]
    public async Task A_complaint_pending_when_the_customer_grains_silo_is_lost_is_opened_when_its_hand_over_reminder_fires()
    {
        await AcknowledgeAComplaintItsGrainCannotStore();
        (await cluster.ReminderOf(_customer.Grain, HandOverRetry.ReminderName)).ShouldNotBeNull("a failed hand-over keeps a durable reminder");

        await cluster.Deactivate(_customer.Grain);
        await _customer.Grain.AsReference<IRemindable>().ReceiveReminder(HandOverRetry.ReminderName, default, TestContext.Current.CancellationToken);

        (await Complaint.GetView()).ShouldNotBeNull();
        (await cluster.Agent(_owner).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        (await cluster.ReminderOf(_customer.Grain, HandOverRetry.ReminderName)).ShouldBeNull("nothing waits any more");
    }

    [Fact]
    public async Task An_activation_that_finds_a_complaint_pending_and_fails_to_open_it_again_keeps_a_reminder_even_when_none_was_left()
    {
        await AcknowledgeAComplaintItsGrainCannotStore();
        await cluster.Deactivate(_customer.Grain);
        // As if the silo had failed between storing the event and registering the reminder.
        var left = (await cluster.ReminderOf(_customer.Grain, HandOverRetry.ReminderName)).ShouldNotBeNull();
        (await cluster.Reminders.RemoveRow(_customer.Grain.GetGrainId(), HandOverRetry.ReminderName, left.ETag.ShouldNotBeNull(), TestContext.Current.CancellationToken)).ShouldBeTrue();
        cluster.Storage.FailNextWrites(Complaint);

        await _customer.Grain.GetView();

        await Eventually.True(async () => await cluster.ReminderOf(_customer.Grain, HandOverRetry.ReminderName) is not null, "the retry that failed again registers the reminder");
        (await Complaint.GetView()).ShouldBeNull();
    }

    [Fact]
    public async Task A_contact_pending_when_its_silo_is_lost_reaches_its_queue_when_its_hand_over_reminder_fires()
    {
        var (contactId, queueName) = (Build.Key("contact"), Build.Key("queue"));
        var contact = cluster.Grains.GetGrain<IContactGrain>(contactId);
        var queue = cluster.Grains.GetGrain<IQueueGrain>(queueName);
        cluster.Storage.FailNextWrites(ChunkedRecords<QueuedItem>.RecordIdOf(QueueGrain.ChunkRecordType, queueName, ChunkedRecords<QueuedItem>.ChunkOf(contactId)));
        var offered = new InteractionEvent(Build.Key("e"), "/telephony", "cust", Build.At(0),
            new ContactOffered { ContactId = contactId, Channel = Abstractions.ContactCentre.ContactChannel.Email, Queue = queueName });

        (await contact.Apply([offered])).ShouldBe([IngestStatus.Accepted]);
        (await cluster.ReminderOf(contact, HandOverRetry.ReminderName)).ShouldNotBeNull("a failed hand-over keeps a durable reminder");

        await cluster.Deactivate(contact);
        await contact.AsReference<IRemindable>().ReceiveReminder(HandOverRetry.ReminderName, default, TestContext.Current.CancellationToken);

        (await queue.GetReport()).Snapshot.Waiting.ShouldBe(1);
        (await cluster.ReminderOf(contact, HandOverRetry.ReminderName)).ShouldBeNull("nothing waits any more");
    }

    [Fact]
    public async Task Hand_overs_that_succeed_at_once_keep_no_reminder()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada", owner: _owner));

        await _customer.RaiseComplaint(_complaintId, Build.At(10));

        (await cluster.Agent(_owner).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        (await cluster.ReminderOf(_customer.Grain, HandOverRetry.ReminderName)).ShouldBeNull();
        (await cluster.ReminderOf(Complaint, HandOverRetry.ReminderName)).ShouldBeNull();
    }

    /// <summary>A customer's complaint event, acknowledged while the complaint grain cannot store the complaint: it waits in the customer's outbox.</summary>
    private async Task AcknowledgeAComplaintItsGrainCannotStore()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada", owner: _owner));
        cluster.Storage.FailNextWrites(Complaint);
        (await _customer.Apply(_customer.Complaint(Build.At(10), _complaintId))).ShouldBe([IngestStatus.Accepted]);
    }

    /// <summary>A complaint raised while its owner's inbox cannot store the alert: the alert waits in the complaint's outbox.</summary>
    private async Task RaiseAComplaintWhoseAlertTheOwnersInboxCannotStore()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada", owner: _owner));
        cluster.Storage.FailNextWrites(cluster.Agent(_owner));
        await _customer.RaiseComplaint(_complaintId, Build.At(10));
    }
}
