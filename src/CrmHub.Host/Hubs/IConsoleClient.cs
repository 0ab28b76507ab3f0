using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;

namespace CrmHub.Host.Hubs;

/// <summary>What the server calls on a connected console.</summary>
public interface IConsoleClient
{
    /// <summary>A new inbox notification. Pushes may arrive late or not at all: consoles resync on gaps and reconnects.</summary>
    Task Notify(Notification notification);

    /// <summary>
    /// D10, supervisors only: a queue's live figures (queue <c>*</c>: all queues). Not sequenced: the latest wins, and a
    /// console that missed some simply shows the next one (or reads <c>GET /api/v1/queues</c>).
    /// </summary>
    Task QueueStats(QueueStatsSnapshot snapshot);
}
