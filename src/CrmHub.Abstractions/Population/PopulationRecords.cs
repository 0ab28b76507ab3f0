using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Abstractions.Population;

/// <summary>
/// D2/D3: what one customer contributes to the population figures, as its customer grain reports it to its value
/// bucket: the rolling-window (12-month) revenue, cost and refunds, and the two parts of its CLV.
/// </summary>
/// <param name="Revenue">Purchase amounts in the rolling window (the 12-month revenue).</param>
/// <param name="Cost">Their known cost (a purchase without cost counts 0 here, so its whole amount is profit).</param>
/// <param name="Refunds">Refunds paid in the window.</param>
/// <param name="ClvPastValue">D3: the past part of the CLV, at face value.</param>
/// <param name="ClvProjectedValue">D3: the discounted projection of the CLV.</param>
/// <param name="AsOf">The end of the window the figures describe; an older snapshot never replaces a newer one.</param>
/// <remarks>
/// It also carries what the other population analytics need: key-account membership (D5: key accounts below Gold are
/// re-evaluated with every new cut-off version), purchase times (D6 retention over any period) and surveys (D8).
/// </remarks>
[GenerateSerializer, Immutable, Alias("crmhub.CustomerValueSnapshot")]
public sealed record CustomerValueSnapshot(
    [property: Id(0)] decimal Revenue,
    [property: Id(1)] decimal Cost,
    [property: Id(2)] decimal Refunds,
    [property: Id(3)] decimal ClvPastValue,
    [property: Id(4)] decimal ClvProjectedValue,
    [property: Id(5)] DateTimeOffset AsOf)
{
    /// <summary>D5: whether the customer is a key account.</summary>
    [Id(6)]
    public bool IsKeyAccount { get; init; }

    /// <summary>D6: every purchase's time, oldest first.</summary>
    [Id(7)]
    public ImmutableArray<DateTimeOffset> PurchaseTimes { get; init; } = [];

    /// <summary>D8: every answered survey, oldest first.</summary>
    [Id(8)]
    public ImmutableArray<SurveyScore> Surveys { get; init; } = [];

    /// <summary>D2: the rolling-window profit contribution, revenue − cost − refunds.</summary>
    public decimal Profit => Revenue - Cost - Refunds;

    /// <summary>Whether both report the same figures, whatever instant they describe.</summary>
    public bool SameFiguresAs(CustomerValueSnapshot other) =>
        other is not null
        && (Revenue, Cost, Refunds, ClvPastValue, ClvProjectedValue, IsKeyAccount) ==
           (other.Revenue, other.Cost, other.Refunds, other.ClvPastValue, other.ClvProjectedValue, other.IsKeyAccount)
        && PurchaseTimes.AsSpan().SequenceEqual(other.PurchaseTimes.AsSpan())
        && Surveys.AsSpan().SequenceEqual(other.Surveys.AsSpan());
}

/// <summary>D8: one answered survey as the satisfaction analytics need it: the agent it rates, the level, the SERVQUAL scores.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.SurveyScore")]
public sealed record SurveyScore(
    [property: Id(0)] string? AgentId,
    [property: Id(1)] SatisfactionLevel Level,
    [property: Id(2)] ServqualScores? Servqual);

/// <summary>D6: churn and retention counts of a set of customers over one period (they add up across buckets).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.RetentionCounts")]
public sealed record RetentionCounts(
    [property: Id(0)] int Customers,
    [property: Id(1)] int Churned,
    [property: Id(2)] int WinBacks);

/// <summary>D8: count and sum of one SERVQUAL dimension's scores.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ScoreTotals")]
public sealed record ScoreTotals(
    [property: Id(0)] int Count,
    [property: Id(1)] long Sum);

/// <summary>D8: surveys of a set of customers: how many, per satisfaction level, and per SERVQUAL dimension (they add up across buckets).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.SatisfactionCounts")]
public sealed record SatisfactionCounts(
    [property: Id(0)] int Surveys,
    [property: Id(1)] ScoreTotals Tangibles,
    [property: Id(2)] ScoreTotals Empathy,
    [property: Id(3)] ScoreTotals Assurance,
    [property: Id(4)] ScoreTotals Responsiveness,
    [property: Id(5)] ScoreTotals Reliability,
    [property: Id(6)] int Dissatisfied,
    [property: Id(7)] int Satisfied,
    [property: Id(8)] int Returning,
    [property: Id(9)] int Advocate);

/// <summary>D2: the customers of a population who share one profit (a level of <c>ProfitDistribution</c>).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ProfitLevelSummary")]
public sealed record ProfitLevelSummary(
    [property: Id(0)] decimal Profit,
    [property: Id(1)] long Customers,
    [property: Id(2)] long Buyers,
    [property: Id(3)] decimal Revenue);

/// <summary>D3: customer equity of a set of customers: how many, and the sums of the two parts of their CLV.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.EquitySummary")]
public sealed record EquitySummary(
    [property: Id(0)] long Customers,
    [property: Id(1)] decimal PastValue,
    [property: Id(2)] decimal ProjectedValue)
{
    /// <summary>D3: customer equity = Σ CLV.</summary>
    public decimal Total => PastValue + ProjectedValue;
}

/// <summary>One value bucket's partial summary: its customers' profit distribution (highest profit first) and equity.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.BucketSummary")]
public sealed record BucketSummary(
    [property: Id(0)] ImmutableArray<ProfitLevelSummary> Levels,
    [property: Id(1)] EquitySummary Equity);

/// <summary>
/// D2: the tier cut-offs as they cross grain calls (the domain's <c>TierCutoffs</c>): the lowest profit of each
/// tier (null where empty), the population they come from, and a version that rises whenever a minimum changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.TierCutoffsSnapshot")]
public sealed record TierCutoffsSnapshot(
    [property: Id(0)] decimal? PlatinumMin,
    [property: Id(1)] decimal? GoldMin,
    [property: Id(2)] decimal? IronMin,
    [property: Id(3)] long Customers,
    [property: Id(4)] long RankedCustomers,
    [property: Id(5)] DateTimeOffset AsOf,
    [property: Id(6)] long Version)
{
    /// <summary>Before anything was computed: every tier empty, everyone Lead, version 0.</summary>
    public static TierCutoffsSnapshot None { get; } = new(null, null, null, 0, 0, DateTimeOffset.UnixEpoch, 0);
}

/// <summary>D2: one tier of the pyramid report.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.TierFigure")]
public sealed record TierFigure(
    [property: Id(0)] Tier Tier,
    [property: Id(1)] long Count,
    [property: Id(2)] decimal? MinProfit,
    [property: Id(3)] decimal Revenue,
    [property: Id(4)] decimal RevenueShare);

/// <summary>D2/D3: the population figures the pyramid grain last computed from the buckets' partial summaries.</summary>
/// <param name="Cutoffs">The current tier cut-offs.</param>
/// <param name="Tiers">Platinum, Gold, Iron, Lead, in that order, always all four.</param>
/// <param name="Revenue">The population's rolling-window revenue.</param>
/// <param name="ParetoShare">The share of revenue held by the top customers (20% by default); null when nobody bought.</param>
/// <param name="Equity">D3: customer equity.</param>
/// <param name="ComputedAt">When the figures were computed.</param>
/// <param name="ReevaluationsPending">
/// Customers a change of the cut-offs moved between tiers who are still to be re-evaluated (their tier and key-account
/// notifications are on the way); 0 when every change has been applied.
/// </param>
[GenerateSerializer, Immutable, Alias("crmhub.PopulationReport")]
public sealed record PopulationReport(
    [property: Id(0)] TierCutoffsSnapshot Cutoffs,
    [property: Id(1)] ImmutableArray<TierFigure> Tiers,
    [property: Id(2)] decimal Revenue,
    [property: Id(3)] decimal? ParetoShare,
    [property: Id(4)] EquitySummary Equity,
    [property: Id(5)] DateTimeOffset ComputedAt,
    [property: Id(6)] int ReevaluationsPending = 0);

/// <summary>D2/D5: a customer whose tier differs between two sets of cut-offs.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.TierChange")]
public sealed record TierChange(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] Tier PreviousTier,
    [property: Id(2)] Tier Tier);
