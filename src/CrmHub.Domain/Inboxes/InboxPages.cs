using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CrmHub.Domain.Inboxes;

/// <summary>
/// A page of an inbox sealed into a storage record of its own: the items <see cref="FirstSeq"/> to
/// <see cref="LastSeq"/>, written once and never changed, so a delivery rewrites only the small head.
/// </summary>
/// <param name="Number">The page's place in the inbox's pages, counted from 0 over the inbox's life.</param>
/// <param name="FirstSeq">The sequence number of the page's first item.</param>
/// <param name="LastSeq">The sequence number of the page's last item.</param>
/// <param name="Tag">
/// Names the page's record together with <see cref="Number"/>; it is derived from the page's items
/// (<see cref="InboxPages.TagOf"/>). Sealing the same items again lands on the same record, while a page sealed with
/// other items under the same number (by a second activation of the agent, which a silo failure can leave for a moment,
/// working from a head it has not seen change) lands on another, so it never replaces a page a stored head refers to.
/// Null for pages sealed before tags, whose record is named by the number alone.
/// </param>
public sealed record InboxPage(long Number, long FirstSeq, long LastSeq, string? Tag = null);

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
            var page = new InboxPage(nextNumber++, items[0].Notification.Seq, items[^1].Notification.Seq, TagOf(items));
            sealedPages.Add((page, items));
            pages = pages.Add(page);
        }
        var layout = new InboxLayout(pages, nextNumber, retainedFrom, [.. unpaged.Skip(start)]);
        return new InboxLayoutChange(layout, sealedPages, dropped);
    }

    /// <summary>
    /// The tag of a page holding <paramref name="items"/>: 16 hex digits of the SHA-256 of their sequence numbers and
    /// keys, so pages with the same items share it and pages that differ in any item (in practice) do not.
    /// </summary>
    public static string TagOf(IReadOnlyList<InboxItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var text = new StringBuilder();
        foreach (var item in items)
            text.Append(item.Notification.Seq.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(item.Key).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 8));
    }

    /// <summary>The retained inbox from the stored layout and the items of its pages (in page order).</summary>
    public static Inbox Assemble(long lastSeq, InboxLayout layout, IEnumerable<InboxItem> pageItems) => new(
        lastSeq,
        [.. pageItems.Concat(layout.Head).Where(item => item.Notification.Seq >= layout.RetainedFrom)]);
}
