namespace CrmHub.Domain.Lifecycle;

/// <summary>Day counting and purchase-history helpers shared by the D1/D6 rules.</summary>
internal static class PurchaseHistory
{
    /// <summary>Completed 24-hour days from <paramref name="from"/> to <paramref name="to"/> (rounded down; negative when <paramref name="to"/> is earlier).</summary>
    public static long DaysBetween(DateTimeOffset from, DateTimeOffset to)
    {
        // Integer floor division: this runs for every pair of purchases the rules compare, so no decimal arithmetic.
        var days = Math.DivRem((to - from).Ticks, TimeSpan.TicksPerDay, out var rest);
        return rest < 0 ? days - 1 : days;
    }

    /// <summary>The first instant at which more than <paramref name="days"/> completed days have passed since <paramref name="from"/>.</summary>
    public static DateTimeOffset FirstInstantBeyond(DateTimeOffset from, int days) => from.AddDays(days + 1);

    /// <summary>How many purchases of a sorted history were made at or before <paramref name="asOf"/>.</summary>
    public static int CountUpTo(DateTimeOffset[] sorted, DateTimeOffset asOf)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sorted[middle] <= asOf)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    /// <summary>The purchases made at or before <paramref name="asOf"/>, oldest first: later ones have not happened yet as of then.</summary>
    public static DateTimeOffset[] UpTo(IEnumerable<DateTimeOffset> purchaseTimes, DateTimeOffset asOf) =>
        [.. purchaseTimes.Where(time => time <= asOf).Order()];

    /// <summary>The gaps, in completed days, between consecutive purchases of a sorted history.</summary>
    public static IEnumerable<long> GapsInDays(IReadOnlyList<DateTimeOffset> sorted) =>
        sorted.Zip(sorted.Skip(1), DaysBetween);

    /// <summary>D1: the returns after a churn-length silence: gaps between consecutive purchases longer than ChurnAfterDays.</summary>
    public static int WinBacks(IReadOnlyList<DateTimeOffset> sorted, LifecycleSettings settings) =>
        sorted.Zip(sorted.Skip(1)).Count(pair => IsWinBack(pair.First, pair.Second, settings));

    /// <summary>D1: a purchase at <paramref name="then"/> after one at <paramref name="before"/> wins the customer back.</summary>
    public static bool IsWinBack(DateTimeOffset before, DateTimeOffset then, LifecycleSettings settings) =>
        DaysBetween(before, then) > settings.ChurnAfterDays;
}
