using System.Collections.Immutable;

namespace CrmHub.Domain.Inboxes;

/// <summary>
/// A page of an inbox sealed into a storage record of its own: the items <see cref="FirstSeq"/> to
/// <see cref="LastSeq"/>, written once and never changed, so a delivery rewrites only the small head.
/// </summary>
public sealed record InboxPage(long Number, long FirstSeq, long LastSeq);

/// <summary>
/// How an inbox is stored: sealed pages of <c>pageSize</c> items, oldest first, and the newest items (fewer than a page)
/// in the head, which every delivery writes. <see cref="RetainedFrom"/> is where the retained inbox starts (a kept page
/// may begin with items the retention rule already dropped).
/// </summary>
public sealed record InboxLayout(ImmutableList<InboxPage> Pages, long NextPageNumber, long RetainedFrom, ImmutableList<InboxItem> Head)
{
    public static InboxLayout Empty { get; } = new([], 0, 1, []);
}

/// <summary>What a change of the inbox does to its storage: pages to write first, then the layout, then pages to remove.</summary>
public sealed record InboxLayoutChange(InboxLayout Layout, IReadOnlyList<(InboxPage Page, ImmutableList<InboxItem> Items)> Sealed, IReadOnlyList<InboxPage> Dropped);

/// <summary>The pure rules of the paged inbox storage.</summary>
public static class InboxPages
{
    /// <summary>
    /// Lays out <paramref name="inbox"/> (the whole retained inbox after a change) over the stored pages: pages whose
    /// every item the retention rule dropped go; the items after the last page are sealed into new pages while a full
    /// page of them exists; the rest stays in the head.
    /// </summary>
    public static InboxLayoutChange Arrange(Inbox inbox, InboxLayout stored, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var retainedFrom = inbox.FirstRetainedSeq;
        var dropped = stored.Pages.Where(page => page.LastSeq < retainedFrom).ToList();
        var pages = stored.Pages.RemoveRange(dropped);
        var pagedThrough = stored.Pages.IsEmpty ? 0 : stored.Pages[^1].LastSeq;
        // The items are numbered without gaps, so the unpaged ones are the last LastSeq − pagedThrough: no scan of the inbox.
        var unpagedCount = (int)Math.Min(inbox.Items.Count, Math.Max(0, inbox.LastSeq - pagedThrough));
        var unpaged = inbox.Items.GetRange(inbox.Items.Count - unpagedCount, unpagedCount);

        var sealedPages = new List<(InboxPage Page, ImmutableList<InboxItem> Items)>();
        var nextNumber = stored.NextPageNumber;
        var start = 0;
        for (; unpaged.Count - start >= pageSize; start += pageSize)
        {
            ImmutableList<InboxItem> items = [.. unpaged.Skip(start).Take(pageSize)];
            var page = new InboxPage(nextNumber++, items[0].Notification.Seq, items[^1].Notification.Seq);
            sealedPages.Add((page, items));
            pages = pages.Add(page);
        }
        var layout = new InboxLayout(pages, nextNumber, retainedFrom, [.. unpaged.Skip(start)]);
        return new InboxLayoutChange(layout, sealedPages, dropped);
    }

    /// <summary>The retained inbox from the stored layout and the items of its pages (in page order).</summary>
    public static Inbox Assemble(long lastSeq, InboxLayout layout, IEnumerable<InboxItem> pageItems) => new(
        lastSeq,
        [.. pageItems.Concat(layout.Head).Where(item => item.Notification.Seq >= layout.RetainedFrom)]);
}
