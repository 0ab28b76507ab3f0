using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Complaints;

/// <summary>From a complaint event on a customer to the alerts and updates in the agents' inboxes.</summary>
[Collection(MemoryCluster.Collection)]
public sealed class ComplaintPathTests(MemoryCluster cluster)
{
    private readonly TestCustomer _customer = new(cluster.Grains);
    private readonly string _complaintId = Build.Key("C");

    private IAgentGrain Supervisor => cluster.Agent(TestStaff.Supervisor);

    /// <summary>A customer owned by <paramref name="owner"/> raises the test's complaint.</summary>
    private async Task<IComplaintGrain> ComplaintOfOwnedCustomer(string owner)
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada", owner: owner));
        return await _customer.RaiseComplaint(_complaintId, Build.At(10));
    }

    [Fact]
    public async Task A_complaint_event_opens_the_complaint_grain_with_status_open()
    {
        var complaint = await ComplaintOfOwnedCustomer(TestStaff.Agent1);

        var view = (await complaint.GetView()).ShouldNotBeNull();
        view.Status.ShouldBe(ComplaintStatus.Open);
        view.CustomerId.ShouldBe(_customer.Id);
        view.CustomerName.ShouldBe("Ada");
        view.Subject.ShouldBe("Late delivery");
        view.OpenedAt.ShouldBe(Build.At(10));
        view.OwnerAgentId.ShouldBeNull();
        view.Steps.ShouldBeEmpty();
        (await _customer.View()).OpenComplaints.Select(open => open.ComplaintId).ShouldBe([_complaintId]);
    }

    [Fact]
    public async Task The_supervisor_and_the_customers_owner_each_get_exactly_one_complaint_alert()
    {
        await ComplaintOfOwnedCustomer(TestStaff.Agent1);

        var supervisorAlert = (await Supervisor.AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        (await cluster.Agent(TestStaff.Agent1).AlertsAbout(_complaintId)).ShouldHaveSingleItem().ShouldBe(supervisorAlert);
        supervisorAlert.CustomerId.ShouldBe(_customer.Id);
        supervisorAlert.CustomerName.ShouldBe("Ada");
        supervisorAlert.Severity.ShouldBe(ComplaintSeverity.High);
        (await cluster.Agent(TestStaff.Agent2).AlertsAbout(_complaintId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_an_owner_every_agent_reported_online_is_alerted_and_an_offline_one_is_not()
    {
        var (online1, online2, wentOffline) = (Build.Key("online"), Build.Key("online"), Build.Key("offline"));
        var (siloA, siloB, siloC) = (Build.Key("silo"), Build.Key("silo"), Build.Key("silo"));
        await cluster.OnlineAgents.Report(siloA, [online1]);
        await cluster.OnlineAgents.Report(siloB, [online2]);
        await cluster.OnlineAgents.Report(siloC, [wentOffline]);
        await cluster.OnlineAgents.Report(siloC, []);
        try
        {
            await _customer.Apply(_customer.Profile(Build.At(0), "Ada", owner: null));
            await _customer.RaiseComplaint(_complaintId, Build.At(10));

            (await cluster.Agent(online1).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
            (await cluster.Agent(online2).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
            (await Supervisor.AlertsAbout(_complaintId)).ShouldHaveSingleItem();
            (await cluster.Agent(wentOffline).AlertsAbout(_complaintId)).ShouldBeEmpty();
            (await cluster.Agent(TestStaff.Agent1).AlertsAbout(_complaintId)).ShouldBeEmpty("agent1 has no console open");
        }
        finally
        {
            await cluster.OnlineAgents.Report(siloA, []);
            await cluster.OnlineAgents.Report(siloB, []);
        }
    }

    [Fact]
    public async Task Reposting_the_complaint_event_creates_no_second_alert()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada", owner: TestStaff.Agent1));
        var complaintEvent = _customer.Complaint(Build.At(10), _complaintId);
        (await _customer.Apply(complaintEvent)).ShouldBe([IngestStatus.Accepted]);

        (await _customer.Apply(complaintEvent)).ShouldBe([IngestStatus.Duplicate]);

        (await Supervisor.AlertsAbout(_complaintId)).ShouldHaveSingleItem();
        (await cluster.Agent(TestStaff.Agent1).AlertsAbout(_complaintId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_second_event_naming_an_open_complaint_opens_nothing_new()
    {
        var complaint = await ComplaintOfOwnedCustomer(TestStaff.Agent1);

        (await _customer.Apply(_customer.Complaint(Build.At(20), _complaintId, "Still late"))).ShouldBe([IngestStatus.Accepted]);

        (await complaint.GetView()).ShouldNotBeNull().Subject.ShouldBe("Late delivery");
        (await _customer.View()).OpenComplaints.ShouldHaveSingleItem().OpenedAt.ShouldBe(Build.At(10));
        (await Supervisor.AlertsAbout(_complaintId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Opening_an_open_complaint_again_returns_it_unchanged_and_alerts_nobody_again()
    {
        var complaint = await ComplaintOfOwnedCustomer(TestStaff.Agent1);
        var opened = (await complaint.GetView()).ShouldNotBeNull();

        var again = await complaint.Open(new ComplaintOpening(
            _complaintId, _customer.Id, "Someone else", "Other subject", "Other", ComplaintCategory.Product,
            ComplaintSeverity.Low, Build.At(99), TestStaff.Agent2));

        again.Subject.ShouldBe(opened.Subject);
        again.CustomerName.ShouldBe(opened.CustomerName);
        (await cluster.Agent(TestStaff.Agent2).AlertsAbout(_complaintId)).ShouldBeEmpty();
        (await Supervisor.AlertsAbout(_complaintId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Listening_makes_the_agent_the_owner_sets_in_progress_and_tells_everyone_alerted()
    {
        var complaint = await ComplaintOfOwnedCustomer(TestStaff.Agent1);
        cluster.Clock.Advance(TimeSpan.FromMinutes(3));

        var result = await complaint.RecordStep(TestStaff.Agent2, ComplaintStep.Listen);

        result.Outcome.ShouldBe(StepOutcome.Recorded);
        result.NextAllowedStep.ShouldBe(ComplaintStep.Apologise);
        var view = (await complaint.GetView()).ShouldNotBeNull();
        view.Status.ShouldBe(ComplaintStatus.InProgress);
        view.OwnerAgentId.ShouldBe(TestStaff.Agent2);
        var step = view.Steps.ShouldHaveSingleItem();
        (step.Step, step.AgentId, step.At).ShouldBe((ComplaintStep.Listen, TestStaff.Agent2, cluster.Clock.GetUtcNow()));
        var expected = new ComplaintUpdated(_complaintId, ComplaintStatus.InProgress, TestStaff.Agent2);
        (await Supervisor.UpdatesAbout(_complaintId)).ShouldBe([expected]);
        (await cluster.Agent(TestStaff.Agent1).UpdatesAbout(_complaintId)).ShouldBe([expected]);
    }

    [Fact]
    public async Task A_second_listen_is_out_of_order_and_names_apologise_as_the_next_step()
    {
        var complaint = await ComplaintOfOwnedCustomer(TestStaff.Agent1);
        await complaint.RecordStep(TestStaff.Agent1, ComplaintStep.Listen);

        var result = await complaint.RecordStep(TestStaff.Agent1, ComplaintStep.Listen);

        result.Outcome.ShouldBe(StepOutcome.OutOfOrder);
        result.NextAllowedStep.ShouldBe(ComplaintStep.Apologise);
        result.Reason.ShouldNotBeNullOrWhiteSpace();
        (await complaint.GetView()).ShouldNotBeNull().Steps.Length.ShouldBe(1);
        (await Supervisor.UpdatesAbout(_complaintId)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_step_by_an_agent_other_than_the_owner_is_refused()
    {
        var complaint = await ComplaintOfOwnedCustomer(TestStaff.Agent1);
        await complaint.RecordStep(TestStaff.Agent1, ComplaintStep.Listen);

        var result = await complaint.RecordStep(TestStaff.Agent2, ComplaintStep.Apologise);

        result.Outcome.ShouldBe(StepOutcome.OwnedByAnotherAgent);
        (await complaint.GetView()).ShouldNotBeNull().OwnerAgentId.ShouldBe(TestStaff.Agent1);
    }

    [Fact]
    public async Task A_supervisor_may_step_in_on_a_complaint_another_agent_owns_and_the_owner_stays()
    {
        var complaint = await ComplaintOfOwnedCustomer(TestStaff.Agent1);
        await complaint.RecordStep(TestStaff.Agent1, ComplaintStep.Listen);

        var result = await complaint.RecordStep(TestStaff.Supervisor, ComplaintStep.Apologise, isSupervisor: true);

        result.Outcome.ShouldBe(StepOutcome.Recorded);
        var view = (await complaint.GetView()).ShouldNotBeNull();
        view.OwnerAgentId.ShouldBe(TestStaff.Agent1);
        view.Steps[^1].AgentId.ShouldBe(TestStaff.Supervisor);
    }

    [Fact]
    public async Task Every_step_taken_in_order_reaches_reviewed_and_nothing_is_allowed_after()
    {
        var complaint = await ComplaintOfOwnedCustomer(TestStaff.Agent1);

        foreach (var step in Enum.GetValues<ComplaintStep>())
            (await complaint.RecordStep(TestStaff.Agent1, step, ComplaintTestKit.DetailsFor(step))).Outcome.ShouldBe(StepOutcome.Recorded);

        (await complaint.GetView()).ShouldNotBeNull().Status.ShouldBe(ComplaintStatus.Reviewed);
        var refused = await complaint.RecordStep(TestStaff.Agent1, ComplaintStep.Review, ComplaintTestKit.Lessons);
        refused.Outcome.ShouldBe(StepOutcome.OutOfOrder);
        refused.NextAllowedStep.ShouldBeNull();
        (await Supervisor.UpdatesAbout(_complaintId)).Select(update => update.Status).ShouldBe(
        [
            ComplaintStatus.InProgress, ComplaintStatus.InProgress, ComplaintStatus.InProgress, ComplaintStatus.InProgress,
            ComplaintStatus.Resolved, ComplaintStatus.Closed, ComplaintStatus.Reviewed,
        ]);
    }

    [Fact]
    public async Task A_step_on_a_complaint_that_was_never_opened_is_not_found()
    {
        var unknown = cluster.Complaint(Build.Key("C-unknown"));

        var result = await unknown.RecordStep(TestStaff.Agent1, ComplaintStep.Listen);

        result.Outcome.ShouldBe(StepOutcome.NotFound);
        result.Complaint.ShouldBeNull();
        (await unknown.GetView()).ShouldBeNull();
    }
}
