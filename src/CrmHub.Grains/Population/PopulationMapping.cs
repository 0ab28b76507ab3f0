using System.Collections.Immutable;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Value;

namespace CrmHub.Grains.Population;

/// <summary>Between the domain's D2/D3 records and the records that cross grain calls.</summary>
public static class PopulationMapping
{
    public static TierCutoffs ToTierCutoffs(this TierCutoffsSnapshot cutoffs) =>
        new(cutoffs.PlatinumMin, cutoffs.GoldMin, cutoffs.IronMin, cutoffs.Customers, cutoffs.RankedCustomers, cutoffs.AsOf, cutoffs.Version);

    public static TierCutoffsSnapshot ToSnapshot(this TierCutoffs cutoffs) =>
        new(cutoffs.PlatinumMin, cutoffs.GoldMin, cutoffs.IronMin, cutoffs.Customers, cutoffs.RankedCustomers, cutoffs.AsOf, cutoffs.Version);

    /// <summary>
    /// D2/D3: what a customer reports to its value bucket: its rolling-window profit (<c>ProfitRules.Rolling</c>) and
    /// its CLV (<c>ClvRules.Clv</c>), both as of <paramref name="asOf"/>.
    /// </summary>
    public static CustomerValueSnapshot SnapshotOf(RollingProfit profit, ClvResult clv, DateTimeOffset asOf) =>
        new(profit.Revenue, profit.Cost, profit.Refunds, clv.PastValue, clv.ProjectedValue, asOf);

    /// <summary>D2: the rolling-window profit a snapshot reports.</summary>
    public static RollingProfit ToRollingProfit(this CustomerValueSnapshot snapshot) => new(snapshot.Revenue, snapshot.Cost, snapshot.Refunds);

    public static ImmutableArray<ProfitLevelSummary> ToSummary(this ProfitDistribution distribution) =>
        [.. distribution.Levels.Select(level => new ProfitLevelSummary(level.Profit, level.Customers, level.Buyers, level.Revenue))];

    public static ProfitDistribution ToDistribution(this BucketSummary summary) =>
        ProfitDistribution.FromLevels(summary.Levels.Select(level => new ProfitLevel(level.Profit, level.Customers, level.Buyers, level.Revenue)));

    public static EquitySummary ToSummary(this CustomerEquity equity) => new(equity.Customers, equity.PastValue, equity.ProjectedValue);

    public static CustomerEquity ToCustomerEquity(this EquitySummary equity) => new(equity.Customers, equity.PastValue, equity.ProjectedValue);

    /// <summary>D3: the equity of these customers (the past and projected parts of their CLV added up).</summary>
    public static CustomerEquity EquityOf(IEnumerable<CustomerValueSnapshot> customers) =>
        customers.Aggregate(CustomerEquity.Empty, (equity, customer) =>
            equity.Merge(new CustomerEquity(1, customer.ClvPastValue, customer.ClvProjectedValue)));

    public static PopulationReport ToPopulationReport(this PyramidReport report, CustomerEquity equity, DateTimeOffset computedAt) =>
        new(
            report.Cutoffs.ToSnapshot(),
            [.. report.Tiers.Select(tier => new TierFigure(tier.Tier, tier.Count, tier.MinProfit, tier.Revenue, tier.RevenueShare))],
            report.Revenue,
            report.ParetoShare,
            equity.ToSummary(),
            computedAt);

    /// <summary>D2: whether two sets of cut-offs place every profit in the same tier (their minimums are equal).</summary>
    public static bool SameTiers(this TierCutoffsSnapshot cutoffs, TierCutoffs other) =>
        cutoffs.PlatinumMin == other.PlatinumMin && cutoffs.GoldMin == other.GoldMin && cutoffs.IronMin == other.IronMin;
}
