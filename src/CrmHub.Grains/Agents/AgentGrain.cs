using CrmHub.Abstractions.Agents;
using CrmHub.Domain.Inboxes;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Agents;

/// <summary>Persisted state of <see cref="AgentGrain"/>: the sequenced notification inbox.</summary>
public sealed class AgentState
{
    public Inbox Inbox { get; set; } = Inbox.Empty;
}

public sealed partial class AgentGrain(
    [PersistentState("agent", StorageNames.Crm)] IPersistentState<AgentState> state,
    IStaffDirectory staff,
    IOptions<InboxOptions> inboxOptions,
    IOptions<RealtimeOptions> realtime,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain
{
    // Presence is live, not persisted: silos re-report their consoles, and a silent silo's lease runs out.
    private readonly Dictionary<IConsoleObserver, ConsoleLease> _consoles = [];

    public async Task<Notification> Deliver(NotificationDraft draft)
    {
        var (inbox, notification, added) = state.State.Inbox.Append(draft);
        if (!added)
            return notification;

        state.State.Inbox = inbox.Prune(time.GetUtcNow(), inboxOptions.Value.Settings);
        await state.WriteOrRevertAsync(this);

        // Stored first, pushed second: the push is a fast path, Resync is the truth.
        foreach (var console in LiveConsoles())
        {
            try
            {
                await console.Push(this.GetPrimaryKeyString(), notification);
            }
            catch (Exception e)
            {
                LogPushFailed(e, this.GetPrimaryKeyString(), notification.Seq);
                _consoles.Remove(console);
            }
        }
        return notification;
    }

    public Task<ResyncResult> Resync(long afterSeq) => Task.FromResult(state.State.Inbox.After(afterSeq));

    public Task ReportConsoles(IConsoleObserver silo, int openConsoles)
    {
        if (openConsoles > 0)
            _consoles[silo] = new ConsoleLease(openConsoles, time.GetUtcNow() + realtime.Value.Lease);
        else
            _consoles.Remove(silo);
        return Task.CompletedTask;
    }

    public Task<AgentStatus> GetStatus()
    {
        var agentId = this.GetPrimaryKeyString();
        var member = staff.Find(agentId);
        var openConsoles = LiveConsoles().Sum(console => _consoles[console].OpenConsoles);
        return Task.FromResult(new AgentStatus(
            agentId, member?.DisplayName, member?.Role, openConsoles > 0, openConsoles, state.State.Inbox.LastSeq));
    }

    private List<IConsoleObserver> LiveConsoles()
    {
        var now = time.GetUtcNow();
        foreach (var expired in _consoles.Where(entry => entry.Value.ExpiresAt <= now).Select(entry => entry.Key).ToList())
            _consoles.Remove(expired);
        return [.. _consoles.Keys];
    }

    private sealed record ConsoleLease(int OpenConsoles, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId}: push of #{Seq} to a silo failed; the console resyncs")]
    private partial void LogPushFailed(Exception exception, string agentId, long seq);
}
