using CrmHub.Abstractions.Agents;
using CrmHub.Domain.Inboxes;

namespace CrmHub.Domain.Tests.Inboxes;

public class InboxTests
{
    private static readonly DateTimeOffset Now = Build.At(24 * 60);
    private static readonly InboxSettings OneHourKeepTwo = new(MinimumKept: 2, TimeSpan.FromHours(1));

    /// <summary>An inbox with one notification per age, numbered 1, 2, … in the order given.</summary>
    private static Inbox WithAgesInMinutes(params int[] ages) => Build.InboxWith(ages.Select(age => Now.AddMinutes(-age)));

    private static long[] Seqs(Inbox inbox) => [.. inbox.Items.Select(item => item.Notification.Seq)];

    private static long[] Seqs(ResyncResult result) => [.. result.Items.Select(notification => notification.Seq)];

    private static Gen<int[]> AgesInMinutes { get; } = Gen.Choose(0, 240).ArrayOf().Select(ages => ages.Take(40).ToArray());

    [Fact]
    public void Notifications_are_numbered_one_two_three_in_the_order_they_arrive()
    {
        var (first, one, _) = Inbox.Empty.Append(Build.Draft("a", Build.At(0)));
        var (second, two, _) = first.Append(Build.Draft("b", Build.At(1)));
        var (third, three, added) = second.Append(Build.Draft("c", Build.At(2)));

        new[] { one.Seq, two.Seq, three.Seq }.ShouldBe([1L, 2L, 3L]);
        added.ShouldBeTrue();
        third.LastSeq.ShouldBe(3);
        Seqs(third).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public void A_stored_notification_carries_the_time_and_data_of_its_draft()
    {
        var draft = Build.Draft("complaintUpdated:C-1", Build.At(7));

        var (_, notification, _) = Inbox.Empty.Append(draft);

        notification.OccurredAt.ShouldBe(draft.OccurredAt);
        notification.Data.ShouldBe(draft.Data);
    }

    [Property]
    public Property Any_number_of_distinct_drafts_is_numbered_exactly_one_to_n() =>
        Prop.ForAll(Gen.Choose(0, 200).ToArbitrary(), count =>
        {
            var inbox = Build.InboxWith(Enumerable.Repeat(Build.T0, count));

            Seqs(inbox).ShouldBe(Enumerable.Range(1, count).Select(seq => (long)seq));
            inbox.LastSeq.ShouldBe(count);
        });

    [Fact]
    public void Appending_a_draft_whose_key_is_already_stored_returns_the_stored_notification_and_changes_nothing()
    {
        var inbox = WithAgesInMinutes(3, 2, 1);
        var stored = inbox.Items[1].Notification;

        var (after, notification, added) = inbox.Append(Build.Draft("n-2", Now) with { Data = new ComplaintUpdated("other", default, "agent-9") });

        added.ShouldBeFalse();
        notification.ShouldBeSameAs(stored);
        after.ShouldBeSameAs(inbox);
    }

    [Fact]
    public void Numbering_continues_after_old_notifications_were_pruned()
    {
        var pruned = WithAgesInMinutes(300, 200, 100, 90).Prune(Now, OneHourKeepTwo);

        var (_, notification, _) = pruned.Append(Build.Draft("fresh", Now));

        notification.Seq.ShouldBe(5);
    }

    [Fact]
    public void Pruning_an_inbox_no_larger_than_the_minimum_drops_nothing_however_old()
    {
        var inbox = WithAgesInMinutes(5_000, 4_000);

        inbox.Prune(Now, OneHourKeepTwo).ShouldBeSameAs(inbox);
    }

    [Fact]
    public void Pruning_drops_old_notifications_beyond_the_newest_minimum_kept()
    {
        var pruned = WithAgesInMinutes(300, 200, 100, 90, 80).Prune(Now, OneHourKeepTwo);

        Seqs(pruned).ShouldBe([4L, 5L]);
        pruned.FirstRetainedSeq.ShouldBe(4);
        pruned.LastSeq.ShouldBe(5);
    }

    [Fact]
    public void Pruning_keeps_notifications_younger_than_the_retention_beyond_the_minimum_kept()
    {
        var pruned = WithAgesInMinutes(300, 61, 60, 30, 20, 10).Prune(Now, OneHourKeepTwo);

        Seqs(pruned).ShouldBe([3L, 4L, 5L, 6L]);
    }

    [Property]
    public Property Pruning_never_drops_the_newest_minimum_kept_nor_anything_younger_than_the_retention() =>
        Prop.ForAll(Gen.Choose(0, 10).ToArbitrary(), AgesInMinutes.ToArbitrary(), (minimumKept, ages) =>
        {
            var settings = new InboxSettings(minimumKept, TimeSpan.FromMinutes(60));
            var inbox = WithAgesInMinutes(ages);

            var kept = Seqs(inbox.Prune(Now, settings));

            var mustKeep = inbox.Items.Skip(inbox.Items.Count - minimumKept)
                .Concat(inbox.Items.Where(item => item.Notification.OccurredAt >= Now.AddMinutes(-60)))
                .Select(item => item.Notification.Seq);
            kept.ShouldBeSubsetOf(Seqs(inbox));
            mustKeep.ShouldBeSubsetOf(kept);
            kept.ShouldBe(Enumerable.Range(inbox.Items.Count - kept.Length + 1, kept.Length).Select(seq => (long)seq), "only the oldest are dropped, leaving no gap");
        });

    [Property]
    public Property Pruning_notifications_that_arrived_in_time_order_drops_every_old_one_beyond_the_minimum_kept() =>
        Prop.ForAll(Gen.Choose(0, 10).ToArbitrary(), AgesInMinutes.ToArbitrary(), (minimumKept, ages) =>
        {
            var inbox = WithAgesInMinutes([.. ages.OrderDescending()]);
            var expectedDropped = Math.Min(ages.Count(age => age > 60), Math.Max(0, ages.Length - minimumKept));

            var pruned = inbox.Prune(Now, new InboxSettings(minimumKept, TimeSpan.FromMinutes(60)));

            pruned.FirstRetainedSeq.ShouldBe(expectedDropped + 1);
            pruned.Items.Count.ShouldBe(ages.Length - expectedDropped);
        });

    [Fact]
    public void A_never_pruned_inbox_returns_everything_after_zero_as_complete()
    {
        var result = WithAgesInMinutes(3, 2, 1).After(0);

        Seqs(result).ShouldBe([1L, 2L, 3L]);
        result.LastSeq.ShouldBe(3);
        result.Complete.ShouldBeTrue();
    }

    [Fact]
    public void An_empty_inbox_resyncs_from_zero_as_complete_with_nothing()
    {
        var result = Inbox.Empty.After(0);

        result.Items.ShouldBeEmpty();
        result.LastSeq.ShouldBe(0);
        result.Complete.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, new long[] { 4, 5 }, false)]
    [InlineData(2, new long[] { 4, 5 }, false)]
    [InlineData(3, new long[] { 4, 5 }, true)]
    [InlineData(4, new long[] { 5 }, true)]
    [InlineData(5, new long[0], true)]
    [InlineData(9, new long[0], true)]
    public void After_returns_the_newer_notifications_and_is_complete_unless_unseen_ones_were_dropped(long afterSeq, long[] expectedSeqs, bool complete)
    {
        var pruned = WithAgesInMinutes(300, 200, 100, 90, 80).Prune(Now, OneHourKeepTwo);

        var result = pruned.After(afterSeq);

        Seqs(result).ShouldBe(expectedSeqs);
        result.LastSeq.ShouldBe(5);
        result.Complete.ShouldBe(complete);
    }

    [Property]
    public Property After_is_incomplete_exactly_when_a_notification_the_caller_had_not_seen_was_dropped() =>
        Prop.ForAll(Gen.Choose(0, 10).ToArbitrary(), AgesInMinutes.ToArbitrary(), Gen.Choose(0, 45).ToArbitrary(), (minimumKept, ages, afterSeq) =>
        {
            var inbox = WithAgesInMinutes(ages);
            var pruned = inbox.Prune(Now, new InboxSettings(minimumKept, TimeSpan.FromMinutes(60)));
            var dropped = Seqs(inbox).Except(Seqs(pruned));

            var result = pruned.After(afterSeq);

            Seqs(result).ShouldBe(Seqs(pruned).Where(seq => seq > afterSeq));
            result.LastSeq.ShouldBe(inbox.LastSeq);
            result.Complete.ShouldBe(!dropped.Any(seq => seq > afterSeq));
        });
}
