using CrmHub.Abstractions.Events;
using CrmHub.Domain.Customers;

namespace CrmHub.Domain.Tests.Customers;

public class DedupWindowTests
{
    private static readonly DateTimeOffset Now = Build.At(24 * 60);
    private static readonly DedupSettings OneHourKeepTwo = new(TimeSpan.FromHours(1), MinimumKept: 2);

    private static EventKey Key(int n) => new("shop", $"evt-{n}");

    /// <summary>Remembers Key(1), Key(2), … in that order, seen the given number of minutes before <see cref="Now"/>.</summary>
    private static DedupWindow RememberedMinutesAgo(params double[] ages) =>
        ages.Select((age, index) => (Key: Key(index + 1), SeenAt: Now.AddMinutes(-age)))
            .Aggregate(DedupWindow.Empty, (window, seen) => window.Remember(seen.Key, seen.SeenAt));

    private static int[] KeptKeys(DedupWindow window, int keys) =>
        [.. Enumerable.Range(1, keys).Where(n => window.Contains(Key(n)))];

    [Fact]
    public void An_empty_window_has_seen_nothing()
    {
        DedupWindow.Empty.Count.ShouldBe(0);
        DedupWindow.Empty.Contains(Key(1)).ShouldBeFalse();
    }

    [Fact]
    public void A_remembered_key_is_recognised_and_other_keys_are_not()
    {
        var window = DedupWindow.Empty.Remember(Key(1), Build.T0);

        window.Contains(Key(1)).ShouldBeTrue();
        window.Contains(Key(2)).ShouldBeFalse();
        window.Contains(new EventKey("crm", "evt-1")).ShouldBeFalse();
        window.Count.ShouldBe(1);
    }

    [Fact]
    public void Remembering_the_same_key_twice_keeps_one_entry()
    {
        var window = DedupWindow.Empty.Remember(Key(1), Build.T0).Remember(Key(1), Build.At(5));

        window.Count.ShouldBe(1);
        window.Contains(Key(1)).ShouldBeTrue();
    }

    [Fact]
    public void Keys_that_differ_only_in_where_source_ends_and_id_begins_are_different()
    {
        var window = DedupWindow.Empty.Remember(new EventKey("a", "bc"), Build.T0);

        window.Contains(new EventKey("a", "bc")).ShouldBeTrue();
        window.Contains(new EventKey("ab", "c")).ShouldBeFalse();
        window.Remember(new EventKey("ab", "c"), Build.T0).Count.ShouldBe(2);
    }

    [Property]
    public Property Any_two_different_splits_of_the_same_text_are_different_keys() =>
        Prop.ForAll(
            ArbMap.Default.ArbFor<NonNull<string>>(),
            ArbMap.Default.ArbFor<NonNegativeInt>(),
            ArbMap.Default.ArbFor<NonNegativeInt>(),
            (text, first, offset) =>
            {
                var joined = "x" + text.Item;
                var i = first.Item % (joined.Length + 1);
                var j = (i + 1 + (offset.Item % joined.Length)) % (joined.Length + 1);
                var window = DedupWindow.Empty.Remember(new EventKey(joined[..i], joined[i..]), Build.T0);

                return !window.Contains(new EventKey(joined[..j], joined[j..]));
            });

    [Fact]
    public void Pruning_a_window_no_larger_than_the_minimum_forgets_nothing_however_old()
    {
        var window = RememberedMinutesAgo(10_000, 20_000);

        window.Prune(Now, OneHourKeepTwo).ShouldBeSameAs(window);
    }

    [Fact]
    public void Pruning_keeps_the_newest_minimum_kept_keys_whatever_their_age()
    {
        var window = RememberedMinutesAgo(5_000, 4_000, 3_000, 2_000);

        var pruned = window.Prune(Now, OneHourKeepTwo);

        KeptKeys(pruned, 4).ShouldBe([3, 4]);
    }

    [Fact]
    public void Pruning_forgets_a_key_beyond_the_minimum_only_once_it_is_older_than_the_retention()
    {
        var window = RememberedMinutesAgo(180, 60.5, 60, 59, 10, 5);

        var pruned = window.Prune(Now, OneHourKeepTwo);

        KeptKeys(pruned, 6).ShouldBe([3, 4, 5, 6]);
        pruned.Count.ShouldBe(4);
    }

    [Fact]
    public void Pruning_keeps_young_keys_even_beyond_the_minimum_kept()
    {
        var window = RememberedMinutesAgo(50, 40, 30, 20, 10);

        window.Prune(Now, OneHourKeepTwo).Count.ShouldBe(5);
    }

    [Property]
    public Property Pruning_keeps_exactly_the_newest_minimum_kept_and_the_keys_younger_than_the_retention() =>
        Prop.ForAll(
            Gen.Choose(0, 10).ToArbitrary(),
            Gen.Shuffle(Enumerable.Range(0, 40)).SelectMany(ages => Gen.Choose(0, 40).Select(count => ages.Take(count).ToArray())).ToArbitrary(),
            (minimumKept, agesInMinutes) =>
            {
                var settings = new DedupSettings(TimeSpan.FromMinutes(20), minimumKept);
                var window = RememberedMinutesAgo([.. agesInMinutes.Select(age => (double)age)]);
                var newest = agesInMinutes.Order().Take(minimumKept).ToHashSet();
                var expected = agesInMinutes.Index()
                    .Where(entry => newest.Contains(entry.Item) || entry.Item <= 20)
                    .Select(entry => entry.Index + 1);

                KeptKeys(window.Prune(Now, settings), agesInMinutes.Length).ShouldBe(expected);
            });

    [Property]
    public Property Pruning_keys_remembered_at_the_same_instants_forgets_what_ordering_every_key_by_time_would_forget() =>
        Prop.ForAll(
            Gen.Choose(0, 6).ToArbitrary(),
            Gen.Choose(0, 30).ArrayOf().Select(ages => ages.Take(40).ToArray()).ToArbitrary(),
            (minimumKept, agesInMinutes) =>
            {
                var settings = new DedupSettings(TimeSpan.FromMinutes(15), minimumKept);
                var window = RememberedMinutesAgo([.. agesInMinutes.Select(age => (double)age)]);
                var cutoff = Now - settings.Retention;
                var byTime = window.SeenAt.OrderByDescending(entry => entry.Value).Skip(minimumKept).Where(entry => entry.Value < cutoff).Select(entry => entry.Key);

                window.Prune(Now, settings).SeenAt.Keys.Order().ShouldBe(window.SeenAt.Keys.Except(byTime).Order());
            });
}
