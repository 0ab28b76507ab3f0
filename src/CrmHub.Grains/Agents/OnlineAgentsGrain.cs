using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Agents;

/// <summary>
/// Soft state: each silo reports the agents whose consoles it holds; a report lapses after its lease.
/// Only alerts for customers without an owner read it, so it is off the per-event path.
/// </summary>
public sealed class OnlineAgentsGrain(IOptions<RealtimeOptions> realtime, TimeProvider time) : Grain, IOnlineAgentsGrain
{
    private readonly Dictionary<string, SiloReport> _reports = [];

    public Task Report(string siloId, ImmutableArray<string> agentIds)
    {
        if (agentIds.IsEmpty)
            _reports.Remove(siloId);
        else
            _reports[siloId] = new SiloReport(agentIds, time.GetUtcNow() + realtime.Value.Lease);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> GetOnlineAgents()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<ImmutableArray<string>>([.. _reports.Values
            .Where(report => report.ExpiresAt > now)
            .SelectMany(report => report.AgentIds)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)]);
    }

    private sealed record SiloReport(ImmutableArray<string> AgentIds, DateTimeOffset ExpiresAt);
}
