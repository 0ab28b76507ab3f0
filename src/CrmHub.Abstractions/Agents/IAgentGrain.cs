using Orleans.Concurrency;

namespace CrmHub.Abstractions.Agents;

/// <summary>A service agent (every Agent or Supervisor user) and its notification inbox. Key: the user name.</summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Gives the notification the agent's next sequence number, persists it, then pushes it to the
    /// agent's open consoles. Idempotent by <see cref="NotificationDraft.Key"/>: a retry returns the stored one.
    /// Interleaving, so deliveries that arrive together are stored with one write.
    /// </summary>
    [AlwaysInterleave]
    Task<Notification> Deliver(NotificationDraft draft);

    /// <summary>Every retained notification with a sequence number above <paramref name="afterSeq"/>.</summary>
    Task<ResyncResult> Resync(long afterSeq);

    /// <summary>
    /// Reports how many of this agent's consoles a silo holds. Silos repeat it periodically (a lease);
    /// zero detaches the silo.
    /// </summary>
    Task ReportConsoles(IConsoleObserver silo, int openConsoles);

    Task<AgentStatus> GetStatus();
}

/// <summary>The agent as <c>GET /api/v1/agents/me</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.AgentStatus")]
public sealed record AgentStatus(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] string? Role,
    [property: Id(3)] bool IsOnline,
    [property: Id(4)] int OpenConsoles,
    [property: Id(5)] long LastSeq);
