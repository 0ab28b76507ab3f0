using System.Collections.Immutable;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Domain.ContactCentre;

namespace CrmHub.Grains.ContactCentre;

/// <summary>D10: every queue's snapshot and the overall one (<c>GET /api/v1/queues</c>, and what supervisors are pushed).</summary>
public sealed record QueueOverview(QueueStatsSnapshot Overall, ImmutableArray<QueueStatsSnapshot> Queues)
{
    /// <summary>Asks every queue the directory knows for its report (in parallel) and combines them.</summary>
    public static async Task<QueueOverview> Read(IGrainFactory grains, QueueMetricsSettings settings, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var names = await grains.GetGrain<IQueueDirectoryGrain>(IQueueDirectoryGrain.ClusterKey).GetQueues();
        var reports = await Task.WhenAll(names.Select(name => grains.GetGrain<IQueueGrain>(name).GetReport()));
        return new QueueOverview(QueueStats.Overall(reports, asOf, settings), [.. reports.Select(report => report.Snapshot)]);
    }
}
