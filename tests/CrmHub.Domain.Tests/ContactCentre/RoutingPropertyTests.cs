using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Domain.ContactCentre;

namespace CrmHub.Domain.Tests.ContactCentre;

/// <summary>Invariants of routing, checked on the log of random runs of <see cref="RoutingSimulation"/>.</summary>
public class RoutingPropertyTests
{
    private static readonly string[] SkillTexts = ["billing:1", "billing:2", "billing:3", "technical:1", "technical:2", "language:en", "language:de"];

    private static Gen<string[]> Skills { get; } = Gen.SubListOf(SkillTexts).Select(skills => skills.ToArray());

    private static Gen<SimulatedAgent[]> Agents { get; } =
        from count in Gen.Choose(1, 6)
        from agents in Gen.ArrayOf(
            from presence in Gen.Frequency((4, Gen.Constant(AgentPresence.Available)), (1, Gen.Elements(Enum.GetValues<AgentPresence>())))
            from skills in Skills
            from capacity in Gen.Choose(0, 3)
            select (presence, skills, capacity),
            count)
        select agents.Select((agent, index) => new SimulatedAgent($"agent-{index}", agent.presence, SkillRequirement.ParseSkills(agent.skills), agent.capacity)).ToArray();

    private static Gen<SimulationStep> Step { get; } = Gen.Frequency(
        (4, from tier in Gen.Elements(Enum.GetValues<Tier>())
            from isKeyAccount in Gen.Elements(true, false)
            from manager in Gen.Choose(0, 7)
            from minute in Gen.Choose(0, 120)
            from channel in Gen.Elements(Enum.GetValues<ContactChannel>())
            from skills in Skills.Select(all => all.Take(2).ToArray())
            select (SimulationStep)new OfferStep(new WaitingItem(
                "item", tier, isKeyAccount, $"agent-{manager}", Build.At(minute), channel, [.. skills.Select(SkillRequirement.Parse)]))),
        (4, Gen.Constant((SimulationStep)new RouteStep())),
        (2, Gen.Choose(0, 100).Select(pick => (SimulationStep)new AbandonStep(pick))),
        (1, Gen.Choose(0, 100).Select(pick => (SimulationStep)new DeclineStep(pick))),
        (2, Gen.Choose(0, 100).Select(pick => (SimulationStep)new CompleteStep(pick))));

    /// <summary>Random steps; the offers are numbered item-0, item-1, … in order so that ids are unique.</summary>
    private static Gen<SimulationStep[]> Steps { get; } = Step.ArrayOf().Select(steps =>
        steps.Select((step, index) => step is OfferStep offer ? offer with { Item = offer.Item with { WorkItemId = $"item-{index}" } } : step).ToArray());

    private static Property ForAllRuns(Action<SimulatedAgent[], SimulationOutcome> check) =>
        Prop.ForAll(Agents.ToArbitrary(), Steps.ToArbitrary(), (agents, steps) => check(agents, RoutingSimulation.Run(agents, steps)));

    [Property]
    public Property No_work_item_is_ever_held_by_two_agents_at_once() =>
        ForAllRuns((_, outcome) =>
        {
            var holder = new Dictionary<string, string>();
            foreach (var entry in outcome.Log)
            {
                switch (entry.Kind)
                {
                    case SimulationEventKind.Assigned:
                        holder.ShouldNotContainKey(entry.WorkItemId, $"{entry.WorkItemId} assigned to {entry.AgentId} while held");
                        holder[entry.WorkItemId] = entry.AgentId!;
                        break;
                    case SimulationEventKind.Declined or SimulationEventKind.Completed:
                        holder[entry.WorkItemId].ShouldBe(entry.AgentId);
                        holder.Remove(entry.WorkItemId);
                        break;
                }
            }
        });

    [Property]
    public Property A_completed_or_abandoned_work_item_is_never_assigned_again() =>
        ForAllRuns((_, outcome) =>
        {
            var finished = new HashSet<string>();
            foreach (var entry in outcome.Log)
            {
                if (entry.Kind == SimulationEventKind.Assigned)
                    finished.ShouldNotContain(entry.WorkItemId);
                if (entry.Kind is SimulationEventKind.Completed or SimulationEventKind.Abandoned)
                    finished.Add(entry.WorkItemId).ShouldBeTrue();
            }
        });

    [Property]
    public Property No_agent_ever_holds_more_than_its_capacity_and_only_available_agents_receive_work() =>
        ForAllRuns((agents, outcome) =>
        {
            var byId = agents.ToDictionary(agent => agent.AgentId);
            var load = agents.ToDictionary(agent => agent.AgentId, _ => 0);
            foreach (var entry in outcome.Log.Where(entry => entry.AgentId is not null))
            {
                load[entry.AgentId!] += entry.Kind == SimulationEventKind.Assigned ? 1 : -1;
                load[entry.AgentId!].ShouldBeLessThanOrEqualTo(byId[entry.AgentId!].Capacity);
                if (entry.Kind == SimulationEventKind.Assigned)
                    byId[entry.AgentId!].Presence.ShouldBe(AgentPresence.Available);
            }
        });

    [Property]
    public Property An_agent_who_declined_a_work_item_is_never_given_it_again() =>
        ForAllRuns((_, outcome) =>
        {
            var declinedBy = new HashSet<(string, string)>();
            foreach (var entry in outcome.Log)
            {
                if (entry.Kind == SimulationEventKind.Declined)
                    declinedBy.Add((entry.WorkItemId, entry.AgentId!));
                if (entry.Kind == SimulationEventKind.Assigned)
                    declinedBy.ShouldNotContain((entry.WorkItemId, entry.AgentId!));
            }
        });

    [Property]
    public Property Every_offered_item_ends_answered_abandoned_or_still_queued() =>
        ForAllRuns((_, outcome) =>
        {
            foreach (var itemLog in outcome.Log.GroupBy(entry => entry.WorkItemId))
            {
                var last = itemLog.Last().Kind;
                itemLog.First().Kind.ShouldBe(SimulationEventKind.Offered);
                var state = last switch
                {
                    SimulationEventKind.Assigned or SimulationEventKind.Completed => "answered",
                    SimulationEventKind.Abandoned => "abandoned",
                    _ => "queued", // offered and never assigned, or declined back into the queue
                };
                outcome.StillQueued.Contains(itemLog.Key).ShouldBe(state == "queued", $"{itemLog.Key} ended {state}");
            }

            outcome.StillQueued.ShouldBeSubsetOf(outcome.Log.Where(entry => entry.Kind == SimulationEventKind.Offered).Select(entry => entry.WorkItemId));
        });

    [Property]
    public Property Routing_leaves_no_item_waiting_that_an_available_skilled_agent_with_free_capacity_could_take() =>
        Prop.ForAll(Agents.ToArbitrary(), Steps.ToArbitrary(), (agents, steps) =>
        {
            // After a final routing pass, any item still queued has no eligible agent left (ignoring excluded ones,
            // which only shrink the choice); checked again by asking ChooseAgent with the final loads.
            var outcome = RoutingSimulation.Run(agents, [.. steps, new RouteStep()]);
            var load = agents.ToDictionary(agent => agent.AgentId, _ => 0);
            foreach (var entry in outcome.Log.Where(entry => entry.AgentId is not null))
                load[entry.AgentId!] += entry.Kind == SimulationEventKind.Assigned ? 1 : -1;
            var itemsById = steps.OfType<OfferStep>().GroupBy(offer => offer.Item.WorkItemId).ToDictionary(group => group.Key, group => group.First().Item);
            var declinedBy = outcome.Log.Where(entry => entry.Kind == SimulationEventKind.Declined).ToLookup(entry => entry.WorkItemId, entry => entry.AgentId!);

            foreach (var id in outcome.StillQueued)
            {
                var candidates = agents.Select(agent => new RoutingCandidate(
                    agent.AgentId, agent.Presence, agent.Skills, agent.Capacity - load[agent.AgentId], 0, Build.T0));
                Routing.ChooseAgent(itemsById[id], candidates, declinedBy[id].ToHashSet()).ShouldBeNull();
            }
        });
}
