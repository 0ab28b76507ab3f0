using System.Collections.Immutable;
using CrmHub.Domain.Inboxes;

namespace CrmHub.Domain.Tests.Inboxes;

/// <summary>The paged storage of an inbox: whatever the deliveries, pruning and page size, it holds exactly the inbox.</summary>
public class InboxPagesTests
{
    private static readonly DateTimeOffset Start = Build.At(0);

    /// <summary>Replays deliveries (minutes after <see cref="Start"/>, delivered in batches) through arrange-and-store, keeping the pages as storage would.</summary>
    private static (Inbox Inbox, InboxLayout Layout, Dictionary<long, ImmutableList<InboxItem>> Stored) Replay(
        int[][] batches, int pageSize, InboxSettings settings)
    {
        var (inbox, layout, stored, delivered) = (Inbox.Empty, InboxLayout.Empty, new Dictionary<long, ImmutableList<InboxItem>>(), 0);
        foreach (var batch in batches)
        {
            foreach (var minute in batch)
                inbox = inbox.AppendNew(Build.Draft($"n-{++delivered}", Start.AddMinutes(delivered + minute))).Inbox;
            inbox = inbox.Prune(Start.AddMinutes(delivered + 60), settings);
            var change = InboxPages.Arrange(inbox, layout, pageSize);
            foreach (var (page, items) in change.Sealed)
                stored[page.Number] = items;
            foreach (var page in change.Dropped)
                stored.Remove(page.Number);
            layout = change.Layout;
        }
        return (inbox, layout, stored);
    }

    private static Arbitrary<int[][]> Batches { get; } =
        Gen.Choose(0, 5).ArrayOf().Select(batch => batch.Take(12).ToArray()).ArrayOf().Select(batches => batches.Take(15).ToArray()).ToArbitrary();

    [Property]
    public Property The_pages_and_the_head_assemble_into_exactly_the_retained_inbox() =>
        Prop.ForAll(Batches, Gen.Choose(1, 6).ToArbitrary(), Gen.Choose(0, 8).ToArbitrary(), (batches, pageSize, minimumKept) =>
        {
            var (inbox, layout, stored) = Replay(batches, pageSize, new InboxSettings(minimumKept, TimeSpan.FromMinutes(30)));

            var assembled = InboxPages.Assemble(inbox.LastSeq, layout, layout.Pages.SelectMany(page => stored[page.Number]));

            return assembled.Items.SequenceEqual(inbox.Items) && assembled.FirstRetainedSeq == inbox.FirstRetainedSeq;
        });

    [Property]
    public Property Pages_are_full_contiguous_and_in_order_and_the_head_holds_less_than_a_page() =>
        Prop.ForAll(Batches, Gen.Choose(1, 6).ToArbitrary(), (batches, pageSize) =>
        {
            var (_, layout, stored) = Replay(batches, pageSize, new InboxSettings(3, TimeSpan.FromMinutes(30)));

            var pagesFull = layout.Pages.All(page => stored[page.Number].Count == pageSize && page.LastSeq - page.FirstSeq + 1 == pageSize);
            var contiguous = layout.Pages.Zip(layout.Pages.Skip(1)).All(pair => pair.Second.FirstSeq == pair.First.LastSeq + 1);
            var headFollows = layout.Head.IsEmpty || layout.Pages.IsEmpty || layout.Head[0].Notification.Seq == layout.Pages[^1].LastSeq + 1;
            return pagesFull && contiguous && headFollows && layout.Head.Count < pageSize && stored.Count == layout.Pages.Count;
        });

    [Fact]
    public void An_inbox_stored_before_paging_is_sealed_into_pages_on_its_next_change()
    {
        var inbox = Build.InboxWith(Enumerable.Range(0, 7).Select(minute => Start.AddMinutes(minute)));
        var before = InboxLayout.Empty with { Head = inbox.Items };

        var change = InboxPages.Arrange(inbox, before, pageSize: 3);

        change.Sealed.Select(page => (page.Page.FirstSeq, page.Page.LastSeq)).ShouldBe([(1L, 3L), (4L, 6L)]);
        change.Layout.Head.Select(item => item.Notification.Seq).ShouldBe([7L]);
        change.Dropped.ShouldBeEmpty();
    }

    [Fact]
    public void A_page_sealed_again_with_the_same_items_has_the_same_tag_and_one_sealed_with_other_items_under_its_number_another()
    {
        var before = Build.InboxWith(Enumerable.Range(0, 2).Select(minute => Start.AddMinutes(minute)));
        var stored = InboxLayout.Empty with { Head = before.Items };
        Inbox With(string key) => before.AppendNew(Build.Draft(key, Start.AddMinutes(5))).Inbox;

        var sealedPage = InboxPages.Arrange(With("theirs"), stored, pageSize: 3).Sealed.Single().Page;
        var sealedAgain = InboxPages.Arrange(With("theirs"), stored, pageSize: 3).Sealed.Single().Page;
        var sealedByAnother = InboxPages.Arrange(With("mine"), stored, pageSize: 3).Sealed.Single().Page;

        sealedAgain.ShouldBe(sealedPage);
        sealedPage.Tag.ShouldNotBeNullOrEmpty();
        sealedByAnother.Number.ShouldBe(sealedPage.Number);
        sealedByAnother.Tag.ShouldNotBe(sealedPage.Tag, "a page of other items must not replace the stored one");
    }
}
