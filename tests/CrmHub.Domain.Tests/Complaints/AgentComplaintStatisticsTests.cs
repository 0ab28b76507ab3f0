using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Complaints;

namespace CrmHub.Domain.Tests.Complaints;

/// <summary>D9: an agent's complaint statistics and the complaint list filter.</summary>
public sealed class AgentComplaintStatisticsTests
{
    private static ComplaintView Complaint(
        string id, ComplaintStatus status, string? owner, double takenAtMinutes = 0, params (ComplaintDeadline Kind, double AtMinutes)[] breaches) => new(
        id, "cust-1", "Ada", "Late delivery", "It came late.", ComplaintCategory.Service, ComplaintSeverity.High, status, owner,
        Build.At(0),
        owner is null ? [] : [new ComplaintStepRecord(ComplaintStep.Listen, owner, Build.At(takenAtMinutes))],
        Tier.Gold, Build.At(60), Build.At(480),
        [.. breaches.Select(breach => new ComplaintBreach(breach.Kind, Build.At(breach.AtMinutes)))],
        new ComplaintTags(null, false, null, null), [], null, null, null);

    [Fact]
    public void Owned_active_and_handled_count_only_the_agent_s_own_complaints()
    {
        var statistics = AgentComplaintStatistics.For("agent-1",
        [
            Complaint("C-1", ComplaintStatus.InProgress, "agent-1"),
            Complaint("C-2", ComplaintStatus.Resolved, "agent-1"),
            Complaint("C-3", ComplaintStatus.Closed, "agent-1"),
            Complaint("C-4", ComplaintStatus.Reviewed, "agent-1"),
            Complaint("C-5", ComplaintStatus.Closed, "agent-2"),
            Complaint("C-6", ComplaintStatus.Open, null),
        ]);

        (statistics.Owned, statistics.Active, statistics.Handled).ShouldBe((4, 2, 2));
    }

    [Fact]
    public void A_breach_counts_on_the_owner_only_when_the_owner_had_taken_the_complaint_by_the_deadline()
    {
        var statistics = AgentComplaintStatistics.For("agent-1",
        [
            Complaint("C-1", ComplaintStatus.InProgress, "agent-1", takenAtMinutes: 10, (ComplaintDeadline.Resolution, 480)),
            Complaint("C-2", ComplaintStatus.InProgress, "agent-1", takenAtMinutes: 90, (ComplaintDeadline.FirstResponse, 60)),
            Complaint("C-3", ComplaintStatus.Closed, "agent-1", takenAtMinutes: 60, (ComplaintDeadline.FirstResponse, 60)),
        ]);

        statistics.Breaches.ShouldBe(
        [
            new AgentBreach("C-1", ComplaintDeadline.Resolution, Build.At(480)),
            new AgentBreach("C-3", ComplaintDeadline.FirstResponse, Build.At(60)),
        ]);
        (statistics.FirstResponseBreaches, statistics.ResolutionBreaches).ShouldBe((1, 1));
        statistics.BreachesSince(Build.At(61)).ShouldBe(1);
    }

    [Fact]
    public void The_list_filter_matches_on_every_given_field_and_ignores_the_others()
    {
        var breached = Complaint("C-1", ComplaintStatus.InProgress, "agent-1", 0, (ComplaintDeadline.FirstResponse, 60));
        var clean = Complaint("C-2", ComplaintStatus.Open, null);

        ComplaintFilter.All.Matches(breached).ShouldBeTrue();
        (ComplaintFilter.All with { Breached = true }).Matches(clean).ShouldBeFalse();
        (ComplaintFilter.All with { Breached = false }).Matches(clean).ShouldBeTrue();
        new ComplaintFilter([ComplaintStatus.Open, ComplaintStatus.Resolved]).Matches(breached).ShouldBeFalse();
        (ComplaintFilter.All with { OwnerAgentId = "agent-1", CustomerId = "cust-1" }).Matches(breached).ShouldBeTrue();
        (ComplaintFilter.All with { CustomerId = "cust-2" }).Matches(breached).ShouldBeFalse();
        new ComplaintFilter(ImmutableArray<ComplaintStatus>.Empty).Matches(clean).ShouldBeTrue();
    }
}
