using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.ContactCentre;

/// <summary>D10 routing through the queue and desk grains: offers, answers, timeouts, races and capacity.</summary>
[Collection(ContactCentreCluster.Collection)]
public sealed class RoutingGrainTests(ContactCentreCluster cluster)
{
    private readonly ContactCentreScene _scene = new(cluster);

    [Fact]
    public async Task An_offered_item_reaches_the_available_agent_with_an_assignment_that_expires_after_the_offer_timeout()
    {
        var agent = await _scene.Agent();
        var item = ContactCentreScene.Item(tier: Tier.Gold);

        await _scene.Queue.Submit(item);

        await _scene.Holds(agent, item.WorkItemId);
        var assignment = (await _scene.Notices<Assignment>(agent)).ShouldHaveSingleItem();
        (assignment.WorkItemId, assignment.Queue, assignment.Tier, assignment.Channel, assignment.CustomerId)
            .ShouldBe((item.WorkItemId, _scene.QueueName, Tier.Gold, ContactChannel.Voice, item.CustomerId));
        assignment.ExpiresAt.ShouldBe(cluster.Clock.GetUtcNow() + ContactCentreCluster.OfferTimeout);
    }

    [Fact]
    public async Task An_offer_nobody_answers_in_time_goes_to_the_next_agent_and_counts_as_missed()
    {
        var first = await _scene.Agent("first");
        var second = await _scene.Agent("second");
        var item = ContactCentreScene.Item();
        await _scene.Queue.Submit(item);
        var offeredTo = await OfferedToOneOf(item.WorkItemId, first, second);
        var other = offeredTo == first ? second : first;

        await _scene.Advance(ContactCentreCluster.OfferTimeout);

        await _scene.Holds(other, item.WorkItemId);
        (await _scene.Holders(item.WorkItemId, first, second)).ShouldBe([other]);
        (await cluster.Desk(offeredTo).GetView()).MissedOffersInARow.ShouldBe(1);
        (await _scene.Notices<AssignmentRevoked>(offeredTo)).ShouldHaveSingleItem()
            .ShouldBe(new AssignmentRevoked(item.WorkItemId, RevokeReasons.Expired));
    }

    [Fact]
    public async Task Three_offers_missed_in_a_row_put_the_agent_on_break_and_say_why()
    {
        var agent = await _scene.Agent();
        var item = ContactCentreScene.Item();
        await _scene.Queue.Submit(item);

        for (var missed = 1; missed <= 3; missed++)
        {
            await _scene.Holds(agent, item.WorkItemId);
            await _scene.Advance(ContactCentreCluster.OfferTimeout);
            var expected = missed;
            await Infrastructure.Eventually.True(async () => (await cluster.Desk(agent).GetView()).MissedOffersInARow == expected,
                $"{agent} should have missed {expected} offers");
        }

        await Infrastructure.Eventually.True(async () => (await cluster.Desk(agent).GetView()).Presence == AgentPresence.Break, "the agent should be on break");
        var view = await cluster.Desk(agent).GetView();
        view.PresenceReason.ShouldBe("3 offers missed in a row");
        view.WorkItems.ShouldBeEmpty("an agent on break is offered nothing");
        (await _scene.Notices<PresenceChanged>(agent)).Last().ShouldBe(new PresenceChanged(AgentPresence.Break, view.PresenceSince, "3 offers missed in a row"));
        (await _scene.Queue.GetReport()).Snapshot.Waiting.ShouldBe(1, "the item is still queued, not lost");
    }

    [Fact]
    public async Task A_declined_item_goes_to_the_next_agent()
    {
        var first = await _scene.Agent("first");
        var second = await _scene.Agent("second");
        var item = ContactCentreScene.Item();
        await _scene.Queue.Submit(item);
        var offeredTo = await OfferedToOneOf(item.WorkItemId, first, second);

        (await cluster.Desk(offeredTo).Decline(item.WorkItemId)).Succeeded.ShouldBeTrue();

        var other = offeredTo == first ? second : first;
        await _scene.Holds(other, item.WorkItemId);
        (await cluster.Desk(offeredTo).GetView()).MissedOffersInARow.ShouldBe(0, "declining is an answer, not a miss");
    }

    [Fact]
    public async Task Accepting_answers_the_item_and_completing_frees_the_agent_for_the_next_one()
    {
        var agent = await _scene.Agent();
        var (one, two) = (ContactCentreScene.Item(), ContactCentreScene.Item());
        await _scene.Queue.Submit(one);
        await _scene.Queue.Submit(two);
        var first = await Eventually(async () => (await cluster.Desk(agent).GetView()).WorkItems.SingleOrDefault()?.WorkItemId);

        (await cluster.Desk(agent).Accept(first)).Succeeded.ShouldBeTrue();
        (await cluster.Desk(agent).GetView()).Presence.ShouldBe(AgentPresence.Busy, "one call fills a voice capacity of 1");
        await Infrastructure.Eventually.True(async () => (await _scene.Queue.GetReport()).Snapshot.Answered == 1, "the queue should count the answer");
        (await cluster.Desk(agent).Complete(first)).Succeeded.ShouldBeTrue();

        var next = first == one.WorkItemId ? two.WorkItemId : one.WorkItemId;
        await _scene.Holds(agent, next);
    }

    [Fact]
    public async Task Unknown_and_unaccepted_items_are_refused_with_a_reason()
    {
        var agent = await _scene.Agent();
        var item = ContactCentreScene.Item();
        await _scene.Queue.Submit(item);
        await _scene.Holds(agent, item.WorkItemId);

        (await cluster.Desk(agent).Accept("nope")).Outcome.ShouldBe(DeskActionOutcome.NotOfferedToYou);
        (await cluster.Desk(agent).Complete(item.WorkItemId)).Outcome.ShouldBe(DeskActionOutcome.NotAccepted);
        (await cluster.Desk(agent).SetPresence(AgentPresence.Busy)).Outcome.ShouldBe(DeskActionOutcome.NotAllowed);
    }

    [Fact]
    public async Task Two_items_racing_for_the_last_free_agent_give_one_winner_and_the_other_stays_queued()
    {
        var otherQueue = cluster.Queue(Build.Key("queue"));
        var agent = await _scene.Agent();
        await cluster.Desk(agent).UpdateProfile(new AgentProfile([_scene.QueueName, otherQueue.GetPrimaryKeyString()], [], new ChannelCapacity(1, 0, 0)));
        await Infrastructure.Eventually.True(async () => (await otherQueue.GetReport()).Agents.Any(a => a.AgentId == agent), "both queues know the agent");
        var (one, two) = (ContactCentreScene.Item(), ContactCentreScene.Item());

        await Task.WhenAll(_scene.Queue.Submit(one), otherQueue.Submit(two));

        await Infrastructure.Eventually.True(async () => (await cluster.Desk(agent).GetView()).WorkItems.Length == 1, "the agent should hold one item");
        var view = await cluster.Desk(agent).GetView();
        view.WorkItems.Length.ShouldBe(1, "capacity 1 is never exceeded");
        var waiting = (await _scene.Queue.GetReport()).Snapshot.Waiting + (await otherQueue.GetReport()).Snapshot.Waiting;
        waiting.ShouldBe(2, "an offered item still waits for an answer; none is lost");
        var loser = view.WorkItems[0].WorkItemId == one.WorkItemId ? two.WorkItemId : one.WorkItemId;
        (await _scene.Holders(loser, agent)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_agent_who_disconnects_mid_offer_loses_the_offer_to_the_next_agent_and_goes_offline_after_the_grace_period()
    {
        var first = await _scene.Agent("first");
        var item = ContactCentreScene.Item();
        await _scene.Queue.Submit(item);
        await _scene.Holds(first, item.WorkItemId);
        var second = await _scene.Agent("second");

        await _scene.Disconnect(first);
        (await _scene.Holders(item.WorkItemId, first, second)).ShouldBe([first], "never two holders at once");
        await _scene.Advance(ContactCentreCluster.OfferTimeout);

        await _scene.Holds(second, item.WorkItemId);
        (await _scene.Holders(item.WorkItemId, first, second)).ShouldBe([second]);
        await _scene.Advance(TimeSpan.FromSeconds(11)); // 31 s since the disconnect: past the grace, before the second offer expires
        await Infrastructure.Eventually.True(async () => (await cluster.Desk(first).GetView()).Presence == AgentPresence.Offline, "the first agent should be offline");
        (await _scene.Holders(item.WorkItemId, first, second)).ShouldBe([second]);
    }

    [Fact]
    public async Task Capacity_per_channel_is_never_exceeded_and_a_full_agent_is_busy()
    {
        var agent = await _scene.Agent(capacity: new ChannelCapacity(0, 2, 0));
        var items = Enumerable.Range(0, 5).Select(_ => ContactCentreScene.Item(channel: ContactChannel.Chat)).ToList();

        await Task.WhenAll(items.Select(_scene.Queue.Submit));

        await Infrastructure.Eventually.True(async () => (await cluster.Desk(agent).GetView()).WorkItems.Length == 2, "two chats fill the agent");
        var view = await cluster.Desk(agent).GetView();
        view.Presence.ShouldBe(AgentPresence.Busy);
        view.Occupancy.ShouldBe(1);
        (await _scene.Queue.GetReport()).Snapshot.Waiting.ShouldBe(5, "every item still waits for an answer");
        items.Count(item => view.WorkItems.Any(held => held.WorkItemId == item.WorkItemId)).ShouldBe(2);
    }

    [Fact]
    public async Task A_key_accounts_item_goes_to_its_key_account_manager_first()
    {
        var idleLongest = await _scene.Agent("idle");
        await _scene.Advance(TimeSpan.FromSeconds(5));
        var manager = await _scene.Agent("manager");
        var item = ContactCentreScene.Item(tier: Tier.Gold, keyAccountManager: manager);

        await _scene.Queue.Submit(item);

        await _scene.Holds(manager, item.WorkItemId);
        (await _scene.Holders(item.WorkItemId, idleLongest, manager)).ShouldBe([manager]);
        (await _scene.Notices<Assignment>(manager)).ShouldHaveSingleItem().IsKeyAccount.ShouldBeTrue();
    }

    [Fact]
    public async Task Items_needing_a_skill_go_only_to_agents_who_have_it()
    {
        var plain = await _scene.Agent("plain");
        var billing = await _scene.Agent("billing", skills: ["billing:3"]);
        var item = ContactCentreScene.Item(skills: ["billing:2"]);

        await _scene.Queue.Submit(item);

        await _scene.Holds(billing, item.WorkItemId);
        (await _scene.Holders(item.WorkItemId, plain, billing)).ShouldBe([billing]);
    }

    private async Task<string> OfferedToOneOf(string workItemId, params string[] agentIds)
    {
        await Infrastructure.Eventually.True(async () => (await _scene.Holders(workItemId, agentIds)).Length == 1, $"{workItemId} should be offered to one agent");
        return (await _scene.Holders(workItemId, agentIds)).Single();
    }

    private static async Task<string> Eventually(Func<Task<string?>> read)
    {
        string? value = null;
        await Infrastructure.Eventually.True(async () => (value = await read()) is not null, "a value should appear");
        return value!;
    }
}
