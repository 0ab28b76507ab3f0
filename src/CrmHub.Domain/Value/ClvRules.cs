using System.Collections.Immutable;
using CrmHub.Domain.Customers;

namespace CrmHub.Domain.Value;

/// <summary>
/// D3: one customer's lifetime value, with the inputs it was computed from. Total = past value (face value) +
/// projected value (discounted).
/// </summary>
/// <param name="AsOf">The present: facts after it are ignored, year 1 of the projection starts after it.</param>
/// <param name="PastYears">Margin per relationship year counted back from <paramref name="AsOf"/>: [0] is (asOf − 365 days, asOf], [1] the year before, and so on back to the first purchase.</param>
/// <param name="PastValue">The sum of <paramref name="PastYears"/>, at face value.</param>
/// <param name="RelationshipYears">Years since the first purchase or refund (fractional), at least 1; 0 without any.</param>
/// <param name="AverageAnnualMargin">PastValue ÷ RelationshipYears: the margin the projection repeats each year.</param>
/// <param name="Retention">The probability (0 to 1) that the customer is still buying a year later (segment retention rate, D6).</param>
/// <param name="DiscountRate">The yearly discount rate d.</param>
/// <param name="HorizonYears">How many future years are projected.</param>
/// <param name="ProjectedYears">The discounted projection per future year: [0] is year t = 1.</param>
/// <param name="ProjectedValue">The sum of <paramref name="ProjectedYears"/>.</param>
public sealed record ClvResult(
    DateTimeOffset AsOf,
    ImmutableArray<decimal> PastYears,
    decimal PastValue,
    decimal RelationshipYears,
    decimal AverageAnnualMargin,
    decimal Retention,
    decimal DiscountRate,
    int HorizonYears,
    ImmutableArray<decimal> ProjectedYears,
    decimal ProjectedValue)
{
    /// <summary>D3: CLV = past value + projected value.</summary>
    public decimal Total => PastValue + ProjectedValue;
}

/// <summary>D3: customer lifetime value.</summary>
public static class ClvRules
{
    /// <summary>The length of a CLV year (t in the formula): 365 days, as the D2 window.</summary>
    public static TimeSpan Year { get; } = TimeSpan.FromDays(365);

    /// <summary>
    /// D3: CLV = Σ_{t} (R_t − C_t) / (1 + d)^t. The past, relationship years counted back from
    /// <paramref name="asOf"/> (t = 0 is the last 365 days), counts at face value: revenue − cost − refunds as
    /// in D2, a purchase without cost counting in full. The future, t = 1..<see cref="ValueSettings.HorizonYears"/>,
    /// is the average annual margin × retention^t / (1 + d)^t. The average annual margin is the whole past
    /// margin ÷ the years since the first purchase or refund, but at least one year, so a customer of three
    /// months is not projected at four times what it has brought (a call-centre user reads "per year" as
    /// "in a year", not as an extrapolation of a short start). A customer without purchases or refunds is worth
    /// 0 (a potential customer has no margin to project).
    /// </summary>
    public static ClvResult Clv(
        IEnumerable<PurchaseFact> purchases, IEnumerable<RefundFact> refunds, decimal retention, DateTimeOffset asOf, ValueSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retention);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(retention, 1m);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.DiscountRate, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.HorizonYears, nameof(settings));

        var purchaseList = purchases.Where(purchase => purchase.Time <= asOf).ToList();
        var refundList = refunds.Where(refund => refund.Time <= asOf).ToList();
        var first = purchaseList.Select(purchase => purchase.Time).Concat(refundList.Select(refund => refund.Time)).DefaultIfEmpty(asOf).Min();
        var hasHistory = purchaseList.Count + refundList.Count > 0;

        var yearCount = hasHistory ? (int)((asOf - first).Ticks / Year.Ticks) + 1 : 0;
        ImmutableArray<decimal> pastYears = [.. Enumerable.Range(0, yearCount)
            .Select(back => ProfitRules.Between(purchaseList, refundList, asOf - (Year * (back + 1)), asOf - (Year * back)).Profit)];
        var pastValue = pastYears.Sum();
        var relationshipYears = hasHistory ? Math.Max(1m, (decimal)(asOf - first).Ticks / Year.Ticks) : 0m;
        var averageMargin = hasHistory ? pastValue / relationshipYears : 0m;
        ImmutableArray<decimal> projectedYears = [.. Enumerable.Range(1, settings.HorizonYears)
            .Select(t => averageMargin * Power(retention, t) / Power(1 + settings.DiscountRate, t))];

        return new(asOf, pastYears, pastValue, relationshipYears, averageMargin, retention,
            settings.DiscountRate, settings.HorizonYears, projectedYears, projectedYears.Sum());
    }

    /// <summary>Exact for the few small powers CLV needs (decimal has no Math.Pow).</summary>
    private static decimal Power(decimal value, int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
            result *= value;
        return result;
    }
}

/// <summary>
/// D3: customer equity, the sum of CLV over all current and potential customers, with its past and projected
/// parts. Mergeable like the D2 summaries: each bucket sums its own customers and an aggregator merges the sums.
/// Potential customers count with CLV 0 (<see cref="ClvRules.Clv"/> gives 0 without purchases).
/// </summary>
public sealed record CustomerEquity(long Customers, decimal PastValue, decimal ProjectedValue)
{
    public static CustomerEquity Empty { get; } = new(0, 0m, 0m);

    /// <summary>D3: customer equity = Σ CLV.</summary>
    public decimal Total => PastValue + ProjectedValue;

    /// <summary>D3: the equity of these customers.</summary>
    public static CustomerEquity Of(IEnumerable<ClvResult> customers) => customers.Aggregate(Empty, (equity, clv) => equity.Add(clv));

    /// <summary>D3: the equity with one more customer.</summary>
    public CustomerEquity Add(ClvResult clv) => new(Customers + 1, PastValue + clv.PastValue, ProjectedValue + clv.ProjectedValue);

    /// <summary>D3: the equity of both (disjoint) sets of customers.</summary>
    public CustomerEquity Merge(CustomerEquity other) =>
        new(Customers + other.Customers, PastValue + other.PastValue, ProjectedValue + other.ProjectedValue);
}
