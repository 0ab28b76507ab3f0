using System.Collections.Immutable;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Domain.ContactCentre;

namespace CrmHub.Grains.ContactCentre;

/// <summary>D10: the supervisor view's figures, per queue and overall, from the domain's queue counts and the agents' availability.</summary>
public static class QueueStats
{
    /// <summary>One queue's report.</summary>
    public static QueueReport Report(string queue, DateTimeOffset asOf, QueueCounts counts, ImmutableArray<AgentAvailability> agents, QueueMetricsSettings settings) =>
        new(Snapshot(queue, asOf, counts, agents, settings), ToData(counts), agents);

    /// <summary>
    /// The overall view of several queues: their counts added up (the domain's combination) and every agent once,
    /// as the latest report about it says.
    /// </summary>
    public static QueueStatsSnapshot Overall(IEnumerable<QueueReport> reports, DateTimeOffset asOf, QueueMetricsSettings settings)
    {
        var list = reports.ToList();
        var counts = list.Count == 0 ? QueueCounts.Empty(settings.Window) : QueueCounts.Combine(list.Select(report => ToCounts(report.Counts)));
        var agents = list.SelectMany(report => report.Agents)
            .GroupBy(agent => agent.AgentId, StringComparer.Ordinal)
            .Select(group => group.MaxBy(agent => agent.Version)!);
        return Snapshot(QueueStatsSnapshot.Overall, asOf, counts, agents, settings);
    }

    /// <summary>
    /// The snapshot: counts and their derived figures, agents by presence (every presence, zeros included),
    /// occupancy = the mean occupancy of the agents not Offline (null when none), agents needed by Erlang C.
    /// Waits are in whole seconds, so a snapshot changes at most once a second while items wait.
    /// </summary>
    public static QueueStatsSnapshot Snapshot(
        string queue, DateTimeOffset asOf, QueueCounts counts, IEnumerable<AgentAvailability> agents, QueueMetricsSettings settings)
    {
        var list = agents.ToList();
        var byPresence = Enum.GetValues<AgentPresence>()
            .ToImmutableSortedDictionary(presence => presence, presence => list.Count(agent => agent.Presence == presence));
        var online = list.Where(agent => agent.Presence != AgentPresence.Offline).ToList();
        return new QueueStatsSnapshot(
            queue,
            asOf,
            counts.Waiting,
            Math.Floor(counts.LongestWaitSeconds),
            counts.ServiceLevel,
            settings.ServiceLevelTarget,
            settings.ServiceLevelThreshold.TotalSeconds,
            counts.AverageSpeedOfAnswerSeconds,
            counts.AbandonmentRate,
            counts.AverageHandleTimeSeconds,
            counts.Offered,
            counts.Answered,
            counts.Abandoned,
            byPresence,
            byPresence[AgentPresence.Available],
            online.Count == 0 ? null : online.Average(agent => agent.Occupancy),
            QueueMetrics.AgentsNeeded(counts, settings));
    }

    private static QueueCountsData ToData(QueueCounts counts) => new(
        counts.Waiting, counts.LongestWaitSeconds, counts.Offered, counts.Answered, counts.AnsweredWithinThreshold, counts.Abandoned,
        counts.AbandonedAfterThreshold, counts.TotalAnswerWaitSeconds, counts.Handled, counts.TotalHandleSeconds, counts.Window);

    private static QueueCounts ToCounts(QueueCountsData data) => new(
        data.Waiting, data.LongestWaitSeconds, data.Offered, data.Answered, data.AnsweredWithinThreshold, data.Abandoned,
        data.AbandonedAfterThreshold, data.TotalAnswerWaitSeconds, data.Handled, data.TotalHandleSeconds, data.Window);
}
