using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Domain.Inboxes;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Agents;

/// <summary>
/// Persisted head of <see cref="AgentGrain"/>'s sequenced notification inbox: the newest notifications (fewer than a
/// page) with the last sequence number, and the sealed pages that hold the older ones (<see cref="InboxPages"/>).
/// </summary>
public sealed class AgentState
{
    /// <summary>The last sequence number and the notifications after the last sealed page (before paging: all of them).</summary>
    public Inbox Inbox { get; set; } = Inbox.Empty;

    /// <summary>Sealed pages, oldest first.</summary>
    public ImmutableList<InboxPage> Pages { get; set; } = [];

    public long NextPageNumber { get; set; }

    /// <summary>Where the retained inbox starts (items of kept pages before it were dropped by retention).</summary>
    public long RetainedFrom { get; set; }

    internal InboxLayout Layout => new(Pages, NextPageNumber, RetainedFrom, Inbox.Items);
}

public sealed partial class AgentGrain(
    [PersistentState("agent", StorageNames.Crm)] IPersistentState<AgentState> state,
    IStaffDirectory staff,
    IOptions<InboxOptions> inboxOptions,
    IOptions<RealtimeOptions> realtime,
    TimeProvider time,
    IServiceProvider services,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, IAgentDeliveries
{
    // Presence is live, not persisted: silos re-report their consoles, and a silent silo's lease runs out.
    private readonly Dictionary<IConsoleObserver, ConsoleLease> _consoles = [];

    // The whole retained inbox and its keys, assembled from the head and the pages on first use.
    private Inbox? _inbox;
    private Dictionary<string, Notification> _byKey = new(StringComparer.Ordinal);

    private GroupCommit<NotificationDraft, Notification>? _deliveries;
    private InboxPageStore? _pages;

    // Deliver interleaves; the inbox changes only in ApplyDeliveries, the agent's own turn.
    private GroupCommit<NotificationDraft, Notification> Deliveries =>
        _deliveries ??= new(() => this.AsReference<IAgentDeliveries>().ApplyDeliveries());

    private InboxPageStore Pages => _pages ??= new(services);

    private string AgentId => this.GetPrimaryKeyString();

    public Task<Notification> Deliver(NotificationDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return Deliveries.Add(draft);
    }

    /// <summary>
    /// Numbers every waiting draft whose key is new, stores them with one write of the head (sealing full pages first),
    /// then pushes them to the agent's consoles: stored first, pushed second (the push is a fast path, Resync the truth).
    /// </summary>
    public async Task ApplyDeliveries()
    {
        var added = new List<Notification>();
        var stored = await Deliveries.ApplyAll(async drafts =>
        {
            var inbox = await Loaded();
            var keys = new Dictionary<string, Notification>(StringComparer.Ordinal);
            var results = new List<Notification>(drafts.Count);
            foreach (var draft in drafts)
            {
                if (!_byKey.TryGetValue(draft.Key, out var notification) && !keys.TryGetValue(draft.Key, out notification))
                {
                    (inbox, notification) = inbox.AppendNew(draft);
                    keys[draft.Key] = notification;
                    added.Add(notification);
                }
                results.Add(notification);
            }
            if (added.Count > 0)
                await Store(inbox.Prune(time.GetUtcNow(), inboxOptions.Value.Settings), keys);
            return results;
        });
        if (stored)
            await Push(added);
    }

    public async Task<ResyncResult> Resync(long afterSeq) => (await Loaded()).After(afterSeq);

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
        var member = staff.Find(AgentId);
        var openConsoles = LiveConsoles().Sum(console => _consoles[console].OpenConsoles);
        return Task.FromResult(new AgentStatus(
            AgentId, member?.DisplayName, member?.Role, openConsoles > 0, openConsoles, state.State.Inbox.LastSeq));
    }

    /// <summary>The retained inbox: on first use after activation (or after a failed write) read from the head and its pages.</summary>
    private async Task<Inbox> Loaded()
    {
        if (_inbox is { } loaded)
            return loaded;
        var layout = state.State.Layout;
        var pages = await Task.WhenAll(layout.Pages.Select(page => Pages.Items(AgentId, page)));
        var inbox = InboxPages.Assemble(state.State.Inbox.LastSeq, layout, pages.SelectMany(items => items));
        _byKey = inbox.Items.ToDictionary(item => item.Key, item => item.Notification, StringComparer.Ordinal);
        _inbox = inbox;
        return inbox;
    }

    /// <summary>Seals full pages, writes the head, then removes pages retention dropped (a leftover page is never read).</summary>
    private async Task Store(Inbox inbox, Dictionary<string, Notification> newKeys)
    {
        var change = InboxPages.Arrange(inbox, state.State.Layout, Math.Max(1, inboxOptions.Value.PageSize));
        try
        {
            await Task.WhenAll(change.Sealed.Select(page => Pages.Store(AgentId, page.Page, page.Items)));
            state.State = new AgentState
            {
                Inbox = new Inbox(inbox.LastSeq, change.Layout.Head),
                Pages = change.Layout.Pages,
                NextPageNumber = change.Layout.NextPageNumber,
                RetainedFrom = change.Layout.RetainedFrom,
            };
            await state.WriteOrRevertAsync(this);
        }
        catch
        {
            // Memory may be ahead of storage now: the next use reads the inbox again.
            _inbox = null;
            throw;
        }
        foreach (var dropped in _inbox!.Items.TakeWhile(item => item.Notification.Seq < inbox.FirstRetainedSeq))
            _byKey.Remove(dropped.Key);
        foreach (var (key, notification) in newKeys.Where(entry => entry.Value.Seq >= inbox.FirstRetainedSeq))
            _byKey[key] = notification;
        _inbox = inbox;
        foreach (var page in change.Dropped)
        {
            try
            {
                await Pages.Remove(AgentId, page);
            }
            catch (Exception e)
            {
                LogPageRemovalFailed(e, AgentId, page.Number);
            }
        }
    }

    private async Task Push(List<Notification> notifications)
    {
        foreach (var notification in notifications)
        {
            foreach (var console in LiveConsoles())
            {
                try
                {
                    await console.Push(AgentId, notification);
                }
                catch (Exception e)
                {
                    LogPushFailed(e, AgentId, notification.Seq);
                    _consoles.Remove(console);
                }
            }
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId}: removing dropped inbox page {Page} failed; it is never read again")]
    private partial void LogPageRemovalFailed(Exception exception, string agentId, long page);
}

/// <summary>The agent's own turn for storing the deliveries that arrived together (called by the agent itself).</summary>
public interface IAgentDeliveries : IGrainWithStringKey
{
    Task ApplyDeliveries();
}
