using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;

namespace CrmHub.Domain.Inboxes;

/// <summary>
/// An agent's notification inbox: every notification gets the next sequence number (1, 2, 3, …, no gaps).
/// Old items are dropped only when they are both beyond the newest <see cref="InboxSettings.MinimumKept"/>
/// and older than <see cref="InboxSettings.Retention"/>.
/// </summary>
public sealed record Inbox(long LastSeq, ImmutableList<InboxItem> Items)
{
    public static Inbox Empty { get; } = new(0, []);

    /// <summary>The lowest sequence number still held (LastSeq + 1 when empty).</summary>
    public long FirstRetainedSeq => Items.IsEmpty ? LastSeq + 1 : Items[0].Notification.Seq;

    /// <summary>
    /// Numbers and stores the draft, unless a notification with the same key is already held:
    /// then that one is returned and the inbox is unchanged.
    /// </summary>
    public (Inbox Inbox, Notification Notification, bool Added) Append(NotificationDraft draft)
    {
        var existing = Items.FirstOrDefault(item => item.Key == draft.Key);
        if (existing is not null)
            return (this, existing.Notification, false);

        var (inbox, notification) = AppendNew(draft);
        return (inbox, notification, true);
    }

    /// <summary>
    /// Numbers and stores a draft whose key the caller knows to be new (it keeps an index of the keys, so a large inbox
    /// is not searched on every delivery).
    /// </summary>
    public (Inbox Inbox, Notification Notification) AppendNew(NotificationDraft draft)
    {
        var notification = new Notification(LastSeq + 1, draft.OccurredAt, draft.Data);
        return (new Inbox(notification.Seq, Items.Add(new InboxItem(draft.Key, notification))), notification);
    }

    /// <summary>Drops what the retention rule allows to drop as of <paramref name="now"/>.</summary>
    public Inbox Prune(DateTimeOffset now, InboxSettings settings)
    {
        var droppable = Items.Count - settings.MinimumKept;
        if (droppable <= 0)
            return this;

        var cutoff = now - settings.Retention;
        var drop = Items.Take(droppable).TakeWhile(item => item.Notification.OccurredAt < cutoff).Count();
        return drop == 0 ? this : this with { Items = Items.RemoveRange(0, drop) };
    }

    /// <summary>
    /// Everything after <paramref name="afterSeq"/>, in order. Not complete when items the caller
    /// has not seen were already dropped.
    /// </summary>
    public ResyncResult After(long afterSeq) => new(
        [.. Items.Select(item => item.Notification).Where(notification => notification.Seq > afterSeq)],
        LastSeq,
        Complete: afterSeq >= FirstRetainedSeq - 1);
}

/// <summary>A stored notification with the key that makes its delivery idempotent.</summary>
public sealed record InboxItem(string Key, Notification Notification);

/// <summary>How much of an inbox is kept (configurable under <c>CrmHub:Inbox</c>).</summary>
public sealed record InboxSettings(int MinimumKept, TimeSpan Retention)
{
    public static InboxSettings Default { get; } = new(1_000, TimeSpan.FromHours(24));
}
