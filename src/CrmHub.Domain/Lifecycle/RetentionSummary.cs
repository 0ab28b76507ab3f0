using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Lifecycle;

/// <summary>
/// D6: churn and retention over a period [from, to), as counts that merge: each customer contributes its own summary
/// (<see cref="ForCustomer"/>) and summaries add up with <see cref="Merge"/>, so the figures need no global grain.
/// </summary>
/// <param name="Customers">Customers in the relationship during the period: not Churned at <c>from</c>, or bought in the period.</param>
/// <param name="Churned">Of those, the customers whose behaviour is Churned as of <c>to</c>.</param>
/// <param name="WinBacks">Purchases in the period made after a silence longer than ChurnAfterDays (returns of churned customers).</param>
public sealed record RetentionSummary(int Customers, int Churned, int WinBacks)
{
    public static RetentionSummary Empty { get; } = new(0, 0, 0);

    /// <summary>D6: retained customers: those in the relationship during the period who are not Churned at its end.</summary>
    public int Retained => Customers - Churned;

    /// <summary>D6: churned customers / customers of the period, as a fraction (× 100 for %); null when the period had no customers.</summary>
    public decimal? ChurnRate => Customers == 0 ? null : (decimal)Churned / Customers;

    /// <summary>D6: retention rate = 1 − churn rate (retained / customers of the period); null when the period had no customers.</summary>
    public decimal? RetentionRate => 1 - ChurnRate;

    /// <summary>D6: the summary of two disjoint sets of customers over the same period (associative, <see cref="Empty"/> is neutral).</summary>
    public RetentionSummary Merge(RetentionSummary other) =>
        new(Customers + other.Customers, Churned + other.Churned, WinBacks + other.WinBacks);

    /// <summary>D6: the summary of many customers' summaries over the same period.</summary>
    public static RetentionSummary MergeAll(IEnumerable<RetentionSummary> summaries) => summaries.Aggregate(Empty, (total, next) => total.Merge(next));

    /// <summary>
    /// D6: one customer's contribution to churn and retention over [<paramref name="from"/>, <paramref name="to"/>).
    /// Interpretation of "customers who bought in the period": the customers who were buying customers during it, i.e.
    /// not yet Churned at <paramref name="from"/> (a purchase within ChurnAfterDays before it) or with a purchase in the
    /// period. Read literally ("had a purchase in the period" and "churned as of <paramref name="to"/>"), no customer
    /// could churn within a period shorter than ChurnAfterDays, so monthly churn would always be 0%; with this reading
    /// the churned customers are exactly those lost during the period. Churned = behaviour Churned as of
    /// <paramref name="to"/> (D6: no purchase for more than ChurnAfterDays completed days), counting purchases before
    /// <paramref name="to"/> only. A churned customer won back within the period is retained, and each such return is a win-back.
    /// </summary>
    public static RetentionSummary ForCustomer(IEnumerable<DateTimeOffset> purchaseTimes, DateTimeOffset from, DateTimeOffset to, LifecycleSettings settings)
    {
        if (to <= from)
            throw new ArgumentOutOfRangeException(nameof(to), to, "The period [from, to) must not be empty.");

        DateTimeOffset[] purchases = [.. purchaseTimes.Where(time => time < to).Order()];
        DateTimeOffset[] before = [.. purchases.Where(time => time < from)];
        var boughtInPeriod = purchases.Length > before.Length;
        var liveAtStart = before.Length > 0 && BehaviourRules.ClassOf(before[^1], from, settings) != Behaviour.Churned;
        if (!boughtInPeriod && !liveAtStart)
            return Empty;

        var churned = BehaviourRules.ClassOf(purchases[^1], to, settings) == Behaviour.Churned;
        // The win-backs in the period are those of the whole history up to its end minus those before it.
        var winBacks = PurchaseHistory.WinBacks(purchases, settings) - PurchaseHistory.WinBacks(before, settings);
        return new(Customers: 1, Churned: churned ? 1 : 0, winBacks);
    }
}
