using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Grains.Complaints;
using CrmHub.Grains.Tests.Complaints;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.ContactCentre;

/// <summary>D10: a new complaint is also a work item of the complaints queue.</summary>
[Collection(ContactCentreCluster.Collection)]
public sealed class ComplaintWorkItemTests(ContactCentreCluster cluster)
{
    [Fact]
    public async Task A_new_complaint_is_offered_to_an_available_agent_serving_the_complaints_queue_as_an_email()
    {
        var agentId = Build.Key("agent");
        var desk = cluster.Desk(agentId);
        await desk.UpdateProfile(new AgentProfile([QueueNames.Complaints], [], new ChannelCapacity(0, 0, 5)));
        await desk.ReportConsoles(ContactCentreScene.Silo, 1);
        await desk.SetPresence(AgentPresence.Available);

        var (complaintId, _, _) = await cluster.OpenNow(Tier.Gold);

        var workItemId = ComplaintGrain.WorkItemIdOf(complaintId);
        await Eventually.True(async () => (await desk.GetView()).WorkItems.Any(item => item.WorkItemId == workItemId),
            "the complaint should be offered to the agent");
        (await desk.GetView()).WorkItems.Single(item => item.WorkItemId == workItemId).Channel.ShouldBe(ContactChannel.Email);
        (await cluster.Queue(QueueNames.Complaints).GetReport()).Snapshot.Offered.ShouldBeGreaterThanOrEqualTo(1);
    }
}
