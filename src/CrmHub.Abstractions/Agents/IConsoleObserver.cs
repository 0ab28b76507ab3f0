using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CrmHub.Abstractions.Agents;

/// <summary>
/// A silo's bridge from grains to the SignalR connections it holds. Grains push through it;
/// it is not durable, so silos re-report it periodically and it expires when a silo dies.
/// </summary>
public interface IConsoleObserver : IGrainObserver
{
    [OneWay]
    Task Push(string agentId, Notification notification);
}

/// <summary>
/// Which agents have a console open anywhere in the cluster. Silos report their agents periodically
/// (soft state with leases); read only for alerts that go to "everyone online".
/// Key: <see cref="ClusterKey"/>.
/// </summary>
public interface IOnlineAgentsGrain : IGrainWithStringKey
{
    const string ClusterKey = "cluster";

    Task Report(string siloId, ImmutableArray<string> agentIds);

    Task<ImmutableArray<string>> GetOnlineAgents();
}

/// <summary>Writes a small state through the configured grain storage; used by the readiness check.</summary>
public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task<DateTimeOffset> Touch();
}
