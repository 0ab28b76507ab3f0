using System.Collections.Immutable;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Customers;
using CrmHub.Domain.Experience;
using CrmHub.Domain.Lifecycle;
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

    /// <summary>D5/D6/D8: a customer's value snapshot with its membership, purchase times and surveys.</summary>
    public static CustomerValueSnapshot SnapshotOf(CustomerRecord record, CustomerInsights insights) =>
        SnapshotOf(insights.Profit12Months, insights.Clv, insights.AsOf) with
        {
            IsKeyAccount = insights.KeyAccount.IsKeyAccount,
            PurchaseTimes = [.. record.Purchases.Select(purchase => purchase.Time)],
            Surveys = [.. record.Surveys.Select(survey => new SurveyScore(survey.AgentId, survey.Level, survey.Servqual))],
        };

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

    /// <summary>D8: a survey as the domain summarises it.</summary>
    public static SatisfactionSurvey ToSurvey(this SurveyScore survey) => new(
        survey.Level,
        survey.Servqual?.Tangibles,
        survey.Servqual?.Empathy,
        survey.Servqual?.Assurance,
        survey.Servqual?.Responsiveness,
        survey.Servqual?.Reliability);

    public static SatisfactionCounts ToCounts(this SatisfactionSummary summary) => new(
        summary.Surveys,
        summary.Tangibles.ToTotals(),
        summary.Empathy.ToTotals(),
        summary.Assurance.ToTotals(),
        summary.Responsiveness.ToTotals(),
        summary.Reliability.ToTotals(),
        summary.Dissatisfied,
        summary.Satisfied,
        summary.Returning,
        summary.Advocate);

    public static SatisfactionSummary ToSummary(this SatisfactionCounts counts) => new(
        counts.Surveys,
        counts.Tangibles.ToTally(),
        counts.Empathy.ToTally(),
        counts.Assurance.ToTally(),
        counts.Responsiveness.ToTally(),
        counts.Reliability.ToTally(),
        counts.Dissatisfied,
        counts.Satisfied,
        counts.Returning,
        counts.Advocate);

    public static RetentionCounts ToCounts(this RetentionSummary summary) => new(summary.Customers, summary.Churned, summary.WinBacks);

    public static RetentionSummary ToSummary(this RetentionCounts counts) => new(counts.Customers, counts.Churned, counts.WinBacks);

    private static ScoreTotals ToTotals(this ScoreTally tally) => new(tally.Count, tally.Sum);

    private static ScoreTally ToTally(this ScoreTotals totals) => new(totals.Count, totals.Sum);

    /// <summary>D2: whether two sets of cut-offs place every profit in the same tier (their minimums are equal).</summary>
    public static bool SameTiers(this TierCutoffsSnapshot cutoffs, TierCutoffs other) =>
        cutoffs.PlatinumMin == other.PlatinumMin && cutoffs.GoldMin == other.GoldMin && cutoffs.IronMin == other.IronMin;
}
