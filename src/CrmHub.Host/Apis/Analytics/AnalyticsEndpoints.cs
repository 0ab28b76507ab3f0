using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Experience;
using CrmHub.Grains.Population;
using CrmHub.Grains.Staff;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmHub.Host.Apis.Analytics;

/// <summary>D2/D3 population analytics for supervisors and administrators.</summary>
public static class AnalyticsEndpoints
{
    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/analytics")
            .WithTags("Analytics")
            .RequireAuthorization(AuthPolicies.Supervisor);
        analytics.MapGet("/pyramid", GetPyramid)
            .WithName("GetPyramid")
            .WithSummary("D2: the customer pyramid: per tier the count, lowest profit and revenue share, and the Pareto ratio.")
            .WithDescription("Figures are recomputed from the value buckets every refresh period; `refresh=true` recomputes them first.");
        analytics.MapGet("/customer-equity", GetCustomerEquity)
            .WithName("GetCustomerEquity")
            .WithSummary("D3: customer equity, the sum of the customers' lifetime values.");
        analytics.MapGet("/retention", GetRetention)
            .WithName("GetRetention")
            .WithSummary("D6: churn rate, retention rate and win-backs over [from, to) (default: the last 30 days).");
        analytics.MapGet("/satisfaction", GetSatisfaction)
            .WithName("GetSatisfaction")
            .WithSummary("D8: satisfaction level distribution and SERVQUAL averages, of every survey or of the surveys rating one agent or one team.")
            .WithDescription("`agentId` or `team` (the agents whose profile lists the team), not both.");
        return api;
    }

    /// <summary>The period of a retention query without <c>from</c>.</summary>
    public static readonly TimeSpan DefaultRetentionPeriod = TimeSpan.FromDays(30);

    internal static async Task<Results<Ok<RetentionAnswer>, ValidationProblem>> GetRetention(
        IGrainFactory grains, IOptions<PopulationOptions> population, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - DefaultRetentionPeriod;
        if (start >= end)
            return ApiProblems.Invalid("to", "Must be later than 'from'.");
        var summary = await grains.Retention(start, end, population.Value.Buckets);
        return TypedResults.Ok(new RetentionAnswer(
            start, end, summary.Customers, summary.Retained, summary.Churned, summary.ChurnRate, summary.RetentionRate, summary.WinBacks));
    }

    internal static async Task<Results<Ok<SatisfactionAnswer>, ValidationProblem>> GetSatisfaction(
        IGrainFactory grains, IOptions<PopulationOptions> population, IStaffDirectory staff, string? agentId, string? team)
    {
        if (!string.IsNullOrWhiteSpace(agentId) && !string.IsNullOrWhiteSpace(team))
            return ApiProblems.Invalid("team", "Give either 'agentId' or 'team', not both.");
        ImmutableArray<string> agents = [];
        if (!string.IsNullOrWhiteSpace(agentId))
            agents = [agentId];
        else if (!string.IsNullOrWhiteSpace(team))
        {
            // A team's members as their current profiles say (configuration, or PUT /api/v1/agents/{id} since).
            var desks = await Task.WhenAll(staff.Members.Select(member => grains.GetGrain<IAgentDeskGrain>(member.Id).GetView()));
            agents = [.. desks.Where(desk => desk.Teams.Contains(team)).Select(desk => desk.AgentId)];
            if (agents.IsEmpty)
                return ApiProblems.Invalid("team", $"No agent belongs to team '{team}'.");
        }
        var summary = await grains.Satisfaction(agents, population.Value.Buckets);
        return TypedResults.Ok(SatisfactionAnswer.Of(summary) with { AgentIds = agents });
    }

    internal static async Task<Ok<PyramidAnswer>> GetPyramid(IGrainFactory grains, bool? refresh)
    {
        var pyramid = grains.GetGrain<IPyramidGrain>(ValueBuckets.Customers);
        var report = refresh == true ? await pyramid.Refresh() : await pyramid.GetReport();
        return TypedResults.Ok(new PyramidAnswer(
            [.. report.Tiers.Select(tier => new PyramidTierAnswer(tier.Tier, tier.Count, tier.MinProfit, tier.RevenueShare))],
            report.ParetoShare,
            report.Cutoffs.Customers,
            report.Cutoffs.RankedCustomers,
            report.Revenue,
            new CutoffsAnswer(report.Cutoffs.Version, report.Cutoffs.AsOf, report.Cutoffs.PlatinumMin, report.Cutoffs.GoldMin, report.Cutoffs.IronMin),
            report.ComputedAt,
            report.ReevaluationsPending));
    }

    internal static async Task<Ok<CustomerEquityAnswer>> GetCustomerEquity(IGrainFactory grains)
    {
        var equity = (await grains.GetGrain<IPyramidGrain>(ValueBuckets.Customers).GetReport()).Equity;
        return TypedResults.Ok(new CustomerEquityAnswer(equity.Customers, equity.PastValue, equity.ProjectedValue, equity.Total));
    }
}

/// <summary>D2: one tier of <c>GET /api/v1/analytics/pyramid</c>.</summary>
/// <param name="Tier">Platinum, Gold, Iron or Lead.</param>
/// <param name="Count">Customers in the tier (Lead includes those without profit).</param>
/// <param name="MinProfit">The lowest rolling 12-month profit in the tier; null when empty.</param>
/// <param name="RevenueShare">The tier's share (0 to 1) of the population's 12-month revenue.</param>
public sealed record PyramidTierAnswer(Tier Tier, long Count, decimal? MinProfit, decimal RevenueShare);

/// <summary>The cut-offs the pyramid was computed with; the version rises whenever a tier minimum changes.</summary>
public sealed record CutoffsAnswer(long Version, DateTimeOffset AsOf, decimal? PlatinumMin, decimal? GoldMin, decimal? IronMin);

/// <summary>D2: <c>GET /api/v1/analytics/pyramid</c>.</summary>
/// <param name="Tiers">Platinum, Gold, Iron, Lead, in that order.</param>
/// <param name="ParetoTop20RevenueShare">The share (0 to 1) of revenue held by the top 20% of buyers by profit; null when nobody bought.</param>
/// <param name="Customers">Every customer counted.</param>
/// <param name="RankedCustomers">Those with a profit above zero, the base of the tier shares.</param>
/// <param name="Revenue">The population's 12-month revenue.</param>
/// <param name="Cutoffs">The tier cut-offs, with version and as-of time.</param>
/// <param name="ComputedAt">When the figures were computed.</param>
/// <param name="ReevaluationsPending">
/// Customers the latest cut-off changes moved between tiers who are still being re-evaluated, at the configured pace
/// (their <c>tierChanged</c> and key-account notifications are on the way); 0 when all are done.
/// </param>
public sealed record PyramidAnswer(
    IReadOnlyList<PyramidTierAnswer> Tiers,
    decimal? ParetoTop20RevenueShare,
    long Customers,
    long RankedCustomers,
    decimal Revenue,
    CutoffsAnswer Cutoffs,
    DateTimeOffset ComputedAt,
    int ReevaluationsPending);

/// <summary>D6: <c>GET /api/v1/analytics/retention</c>.</summary>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive).</param>
/// <param name="Customers">Customers in the relationship during the period (not churned at its start, or buying in it).</param>
/// <param name="Retained">Of those, the ones not churned at its end.</param>
/// <param name="Churned">Of those, the ones churned at its end.</param>
/// <param name="ChurnRate">Churned / customers (0 to 1); null without customers.</param>
/// <param name="RetentionRate">1 − churn rate; null without customers.</param>
/// <param name="WinBacks">Purchases in the period by customers returning after churning.</param>
public sealed record RetentionAnswer(
    DateTimeOffset From, DateTimeOffset To, int Customers, int Retained, int Churned, decimal? ChurnRate, decimal? RetentionRate, int WinBacks);

/// <summary>D8: <c>GET /api/v1/analytics/satisfaction</c> and the satisfaction part of an agent's statistics.</summary>
/// <param name="AgentIds">The agents whose surveys are counted; empty: every survey.</param>
/// <param name="Surveys">Surveys counted.</param>
/// <param name="Levels">Surveys per satisfaction level (Dissatisfied, Satisfied, Returning, Advocate).</param>
/// <param name="Servqual">Average score (1–5) per SERVQUAL dimension; null where nobody scored it.</param>
public sealed record SatisfactionAnswer(
    IReadOnlyList<string> AgentIds,
    int Surveys,
    IReadOnlyDictionary<SatisfactionLevel, int> Levels,
    IReadOnlyDictionary<ServqualDimension, double?> Servqual)
{
    public static SatisfactionAnswer Of(SatisfactionSummary summary) => new([], summary.Surveys, summary.Distribution, summary.Averages);
}

/// <summary>D3: <c>GET /api/v1/analytics/customer-equity</c>: Σ CLV, with its past (face value) and projected parts.</summary>
public sealed record CustomerEquityAnswer(long Customers, decimal PastValue, decimal ProjectedValue, decimal Total);
