using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.ContactCentre;

/// <summary>
/// D10: offers a queue lost track of (a failed write after the desk reserved) never hold capacity forever and never give
/// an item to two agents: the desk takes a forgotten offer back itself, and the first acceptance wins.
/// </summary>
[Collection(ContactCentreCluster.Collection)]
public sealed class LostOfferTests(ContactCentreCluster cluster)
{
    private readonly ContactCentreScene _scene = new(cluster);

    /// <summary>An Available agent serving no queue, so only the offers a test makes by hand reach it.</summary>
    private async Task<IAgentDeskGrain> Bystander()
    {
        var desk = cluster.Desk(Build.Key("bystander"));
        await desk.UpdateProfile(new AgentProfile([], [], new ChannelCapacity(1, 0, 0)));
        await desk.ReportConsoles(ContactCentreScene.Silo, 1);
        await desk.SetPresence(AgentPresence.Available);
        return desk;
    }

    private WorkOffer OfferOf(WorkItemFacts item) => new(item.WorkItemId, _scene.QueueName, item.CustomerId, Tier.Lead, false,
        ContactChannel.Voice, item.OfferedAt, cluster.Clock.GetUtcNow() + ContactCentreCluster.OfferTimeout);

    [Fact]
    public async Task A_desk_takes_back_an_offer_its_queue_forgot_one_offer_timeout_after_it_expired()
    {
        var desk = await Bystander();
        var item = ContactCentreScene.Item();
        (await desk.Reserve(OfferOf(item))).Reserved.ShouldBeTrue();

        cluster.Clock.Advance(ContactCentreCluster.OfferTimeout * 2);
        await desk.ReportConsoles(ContactCentreScene.Silo, 1);

        await Eventually.True(async () => (await desk.GetView()).WorkItems.IsEmpty, "the forgotten offer should be taken back");
        (await desk.GetView()).MissedOffersInARow.ShouldBe(1);
    }

    [Fact]
    public async Task When_two_agents_hold_offers_of_one_item_the_first_to_accept_gets_it_and_the_other_offer_is_taken_back()
    {
        var offered = await _scene.Agent("offered");
        var item = ContactCentreScene.Item();
        await _scene.Queue.Submit(item);
        await _scene.Holds(offered, item.WorkItemId);
        var stale = await Bystander();
        (await stale.Reserve(OfferOf(item))).Reserved.ShouldBeTrue();

        (await stale.Accept(item.WorkItemId)).Succeeded.ShouldBeTrue();

        await Eventually.True(async () => await _scene.Holding(offered, item.WorkItemId) is null, "the other offer should be taken back");
        (await _scene.Notices<AssignmentRevoked>(offered)).ShouldHaveSingleItem()
            .ShouldBe(new AssignmentRevoked(item.WorkItemId, RevokeReasons.AnsweredElsewhere));
        (await stale.GetView()).WorkItems.ShouldHaveSingleItem().State.ShouldBe(WorkItemState.Accepted);
        (await _scene.Queue.GetReport()).Snapshot.Answered.ShouldBe(1);
    }
}
