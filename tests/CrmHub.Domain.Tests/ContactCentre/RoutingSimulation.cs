using CrmHub.Abstractions.ContactCentre;
using CrmHub.Domain.ContactCentre;

namespace CrmHub.Domain.Tests.ContactCentre;

/// <summary>An agent of the simulation: fixed presence, skills and capacity.</summary>
public sealed record SimulatedAgent(string AgentId, AgentPresence Presence, IReadOnlyDictionary<string, int> Skills, int Capacity);

/// <summary>What happens next in a simulation; <c>Pick</c> chooses among the items the step applies to (modulo their count).</summary>
public abstract record SimulationStep;

public sealed record OfferStep(WaitingItem Item) : SimulationStep;

/// <summary>Routes every waiting item, in priority order, that some agent can take.</summary>
public sealed record RouteStep : SimulationStep;

/// <summary>A waiting caller hangs up.</summary>
public sealed record AbandonStep(int Pick) : SimulationStep;

/// <summary>The agent holding an item declines it: it goes back to the queue and that agent is excluded for it.</summary>
public sealed record DeclineStep(int Pick) : SimulationStep;

/// <summary>The agent holding an item completes it, freeing the capacity.</summary>
public sealed record CompleteStep(int Pick) : SimulationStep;

public enum SimulationEventKind
{
    Offered,
    Assigned,
    Declined,
    Abandoned,
    Completed,
}

/// <summary>One line of the simulation's log; <see cref="AgentId"/> is set for assignments, declines and completions.</summary>
public sealed record SimulationEvent(SimulationEventKind Kind, string WorkItemId, string? AgentId);

/// <summary>The log of a run and the items left in the queue at its end.</summary>
public sealed record SimulationOutcome(IReadOnlyList<SimulationEvent> Log, IReadOnlySet<string> StillQueued);

/// <summary>
/// A tiny pure contact-centre loop around <see cref="Routing"/>: items are offered, routed with
/// <see cref="Routing.Prioritise"/> and <see cref="Routing.ChooseAgent"/> against each agent's remaining capacity,
/// abandoned, declined and completed. It only logs what happens, so tests can check the log independently.
/// </summary>
public static class RoutingSimulation
{
    public static SimulationOutcome Run(IReadOnlyList<SimulatedAgent> agents, IEnumerable<SimulationStep> steps)
    {
        var log = new List<SimulationEvent>();
        var queued = new List<WaitingItem>();
        var held = new List<(WaitingItem Item, string AgentId)>();
        var excluded = new Dictionary<string, HashSet<string>>();
        var idleSince = agents.ToDictionary(agent => agent.AgentId, _ => Build.T0);
        var clock = 0;

        foreach (var step in steps)
        {
            clock++;
            switch (step)
            {
                case OfferStep offer when !log.Any(entry => entry.WorkItemId == offer.Item.WorkItemId):
                    queued.Add(offer.Item);
                    excluded[offer.Item.WorkItemId] = [];
                    log.Add(new(SimulationEventKind.Offered, offer.Item.WorkItemId, null));
                    break;
                case RouteStep:
                    foreach (var item in Routing.Prioritise(queued))
                    {
                        var candidates = agents.Select(agent => Candidate(agent, held.Count(h => h.AgentId == agent.AgentId), idleSince[agent.AgentId]));
                        if (Routing.ChooseAgent(item, candidates, excluded[item.WorkItemId]) is not { } agentId)
                            continue;
                        queued.Remove(item);
                        held.Add((item, agentId));
                        log.Add(new(SimulationEventKind.Assigned, item.WorkItemId, agentId));
                    }

                    break;
                case AbandonStep abandon when queued.Count > 0:
                    var gone = queued[abandon.Pick % queued.Count];
                    queued.Remove(gone);
                    log.Add(new(SimulationEventKind.Abandoned, gone.WorkItemId, null));
                    break;
                case DeclineStep decline when held.Count > 0:
                    var declined = held[decline.Pick % held.Count];
                    held.Remove(declined);
                    queued.Add(declined.Item);
                    excluded[declined.Item.WorkItemId].Add(declined.AgentId);
                    log.Add(new(SimulationEventKind.Declined, declined.Item.WorkItemId, declined.AgentId));
                    break;
                case CompleteStep complete when held.Count > 0:
                    var done = held[complete.Pick % held.Count];
                    held.Remove(done);
                    idleSince[done.AgentId] = Build.T0.AddSeconds(clock);
                    log.Add(new(SimulationEventKind.Completed, done.Item.WorkItemId, done.AgentId));
                    break;
            }
        }

        return new(log, queued.Select(item => item.WorkItemId).ToHashSet());
    }

    private static RoutingCandidate Candidate(SimulatedAgent agent, int load, DateTimeOffset idleSince) => new(
        agent.AgentId,
        agent.Presence,
        agent.Skills,
        FreeCapacity: agent.Capacity - load,
        Occupancy: agent.Capacity == 0 ? 1 : (double)load / agent.Capacity,
        idleSince);
}
