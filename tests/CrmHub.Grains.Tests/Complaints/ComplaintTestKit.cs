using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Complaints;

/// <summary>Complaints opened straight on the complaint grain, on the cluster's clock, and what their deadlines sent.</summary>
public static class ComplaintTestKit
{
    /// <summary>The details <c>resolve</c> needs: a solution the customer agreed to.</summary>
    public static StepDetails Agreed { get; } = new(Solution: "Refund the delivery fee", CustomerAgreed: true);

    /// <summary>The details <c>review</c> needs.</summary>
    public static StepDetails Lessons { get; } = new(Lessons: "Check the carrier's tracking daily", ProductFeedback: "Offer express delivery");

    /// <summary>The details each step needs to be taken in a complaint whose customer agrees.</summary>
    public static StepDetails? DetailsFor(ComplaintStep step) => step switch
    {
        ComplaintStep.Resolve => Agreed,
        ComplaintStep.Review => Lessons,
        _ => null,
    };

    /// <summary>Opens a new complaint now (the cluster's clock) for a customer of <paramref name="tier"/>.</summary>
    public static async Task<(string Id, IComplaintGrain Grain, ComplaintView View)> OpenNow(
        this CrmCluster cluster, Tier tier = Tier.Lead, string? customerOwner = TestStaff.Agent1, string? keyAccountManager = null)
    {
        var id = Build.Key("C");
        var grain = cluster.Complaint(id);
        var view = await grain.Open(new ComplaintOpening(
            id, Build.Key("cust"), "Ada", "Late delivery", "It came a week late.", ComplaintCategory.Service,
            ComplaintSeverity.High, cluster.Clock.GetUtcNow(), customerOwner, tier, keyAccountManager));
        return (id, grain, view);
    }

    /// <summary>Takes the steps in order, each with the details it needs, insisting that each is recorded.</summary>
    public static async Task TakeSteps(this IComplaintGrain complaint, string agentId, params ComplaintStep[] steps)
    {
        foreach (var step in steps)
            (await complaint.RecordStep(agentId, step, DetailsFor(step))).Outcome.ShouldBe(StepOutcome.Recorded, $"step {step}");
    }

    /// <summary>The deadline notifications (warnings and breaches) about one complaint in an agent's inbox, oldest first.</summary>
    public static async Task<SlaNotification[]> SlaNoticesAbout(this IAgentGrain agent, string complaintId) =>
        [.. (await agent.Resync(0)).Items.Select(item => item.Data).OfType<SlaNotification>().Where(notice => notice.ComplaintId == complaintId)];

    /// <summary>The notices as "kind:deadline" strings such as "slaWarning:FirstResponse".</summary>
    public static async Task<string[]> SlaKindsAbout(this IAgentGrain agent, string complaintId) =>
        [.. (await agent.SlaNoticesAbout(complaintId)).Select(notice => $"{notice.Kind}:{notice.Deadline}")];
}
