using CrmHub.Abstractions.Agents;

namespace CrmHub.Host.Hubs;

/// <summary>What the server calls on a connected console.</summary>
public interface IConsoleClient
{
    /// <summary>A new inbox notification. Pushes may arrive late or not at all: consoles resync on gaps and reconnects.</summary>
    Task Notify(Notification notification);
}
