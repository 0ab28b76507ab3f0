using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Value;

/// <summary>
/// D2: the lowest rolling-window profit that places a customer in each tier, computed from a whole population;
/// null where the tier is empty (no ranked customer yet, or ties pulled all its places into the tier above).
/// </summary>
/// <param name="PlatinumMin">The lowest profit in Platinum.</param>
/// <param name="GoldMin">The lowest profit in Gold.</param>
/// <param name="IronMin">The lowest profit in Iron; below it (or at zero and below) is Lead.</param>
/// <param name="Customers">Everyone in the population the cut-offs come from.</param>
/// <param name="RankedCustomers">Those of them with a profit above zero, the base the tier shares apply to.</param>
/// <param name="AsOf">The end of the profit window the cut-offs describe.</param>
/// <param name="Version">Set by the caller, rising with each computation, so an older set arriving late can be ignored.</param>
public sealed record TierCutoffs(
    decimal? PlatinumMin, decimal? GoldMin, decimal? IronMin, long Customers, long RankedCustomers, DateTimeOffset AsOf, long Version);

/// <summary>D2: how many ranked customers each tier admits before ties are added (Lead: the ranked rest).</summary>
public sealed record TierCounts(long Platinum, long Gold, long Iron, long Lead);

/// <summary>D2: one tier in the pyramid report.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Count">How many customers of the population are in it.</param>
/// <param name="MinProfit">The lowest profit of a customer in the tier; null when the tier is empty.</param>
/// <param name="Revenue">The window revenue of its customers.</param>
/// <param name="RevenueShare">The tier's share of the population's window revenue (0 to 1); 0 when nobody bought.</param>
public sealed record TierSummary(Tier Tier, long Count, decimal? MinProfit, decimal Revenue, decimal RevenueShare);

/// <summary>D2: the pyramid of a population, as the analytics endpoint shows it.</summary>
/// <param name="Cutoffs">The cut-offs the tiers were assigned with.</param>
/// <param name="Tiers">Platinum, Gold, Iron, Lead, in that order, always all four.</param>
/// <param name="Revenue">The population's window revenue.</param>
/// <param name="ParetoShare">The share of revenue held by the top customers by profit (see <see cref="PyramidRules.ParetoShare"/>).</param>
public sealed record PyramidReport(TierCutoffs Cutoffs, ImmutableArray<TierSummary> Tiers, decimal Revenue, decimal? ParetoShare);

/// <summary>D2: the customer pyramid: ranking customers by rolling-window profit into Platinum, Gold, Iron and Lead.</summary>
public static class PyramidRules
{
    /// <summary>
    /// D2: how many of <paramref name="rankedCustomers"/> (customers with a profit above zero) each tier admits.
    /// Rounding is cumulative, round half up: Platinum gets round(1% × n), Platinum and Gold together
    /// round(5% × n), the top three round(20% × n), so each "top x%" boundary is the closest whole count to its
    /// share and per-tier rounding errors do not add up. Platinum gets at least one customer once anyone is
    /// profitable (unless its share is set to 0): the best customer of a small business is still its top
    /// customer (and a key account, D5); the other tiers may stay empty on small populations (7 ranked
    /// customers: 1 Platinum, 6 Lead).
    /// </summary>
    public static TierCounts TargetCounts(long rankedCustomers, ValueSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rankedCustomers);
        ValidateShares(settings);
        long Top(decimal share) => Math.Min(rankedCustomers, (long)Math.Round(share * rankedCustomers, MidpointRounding.AwayFromZero));

        var platinum = rankedCustomers == 0 || settings.PlatinumShare == 0 ? 0 : Math.Max(1, Top(settings.PlatinumShare));
        var gold = Math.Max(platinum, Top(settings.PlatinumShare + settings.GoldShare));
        var iron = Math.Max(gold, Top(settings.PlatinumShare + settings.GoldShare + settings.IronShare));
        return new(platinum, gold - platinum, iron - gold, rankedCustomers - iron);
    }

    /// <summary>
    /// D2: the tier cut-offs of a population (usually the merge of the buckets' partial summaries). Each tier's
    /// minimum is the profit of the last customer its <see cref="TargetCounts"/> admits, ranked by profit, highest
    /// first; every customer with that same profit is in the tier too (ties go to the higher tier), so a tier can
    /// hold more than its count and the tier below correspondingly fewer (or none).
    /// </summary>
    public static TierCutoffs Cutoffs(ProfitDistribution population, DateTimeOffset asOf, long version, ValueSettings settings)
    {
        var ranked = population.RankedCustomers;
        var target = TargetCounts(ranked, settings);
        var platinumMin = ProfitAtRank(population, target.Platinum);
        var goldMin = BelowHigherTier(ProfitAtRank(population, target.Platinum + target.Gold), platinumMin);
        var ironMin = BelowHigherTier(ProfitAtRank(population, target.Platinum + target.Gold + target.Iron), goldMin ?? platinumMin);
        return new(platinumMin, goldMin, ironMin, population.Customers, ranked, asOf, version);
    }

    /// <summary>
    /// D2: the tier of a customer with this rolling-window profit: the highest tier whose minimum it reaches.
    /// Zero or negative profit is always Lead, and so is any profit below the Iron minimum.
    /// </summary>
    public static Tier TierFor(decimal profit, TierCutoffs cutoffs) => profit switch
    {
        <= 0 => Tier.Lead,
        _ when profit >= cutoffs.PlatinumMin => Tier.Platinum,
        _ when profit >= cutoffs.GoldMin => Tier.Gold,
        _ when profit >= cutoffs.IronMin => Tier.Iron,
        _ => Tier.Lead,
    };

    /// <summary>
    /// D2: the share (0 to 1) of window revenue held by the top <paramref name="topShare"/> of the customers who
    /// bought in the window, ranked by profit; null when nobody bought. Read off the profit-ranked concentration
    /// curve: the top 20% of 7 buyers is 1.4 buyers, the best one plus 0.4 of the next; customers tied on profit
    /// share their revenue evenly. So no rounding rule is needed, and one buyer, or buyers who all look alike,
    /// give exactly 20% (no concentration), while one buyer holding everything gives 100%.
    /// </summary>
    public static decimal? ParetoShare(ProfitDistribution population, decimal topShare)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topShare, 1m);
        var revenue = population.Revenue;
        if (population.Buyers == 0 || revenue <= 0)
            return null;

        var places = topShare * population.Buyers;
        var held = 0m;
        foreach (var level in population.Levels.Where(level => level.Buyers > 0))
        {
            if (places <= 0)
                break;
            var taken = Math.Min(places, level.Buyers);
            held += taken == level.Buyers ? level.Revenue : level.Revenue * taken / level.Buyers;
            places -= taken;
        }
        return held / revenue;
    }

    /// <summary>
    /// D2: the pyramid report of a population: its cut-offs, and per tier the number of customers, the lowest
    /// profit and the share of revenue; plus the Pareto ratio for <see cref="ValueSettings.ParetoTopShare"/>.
    /// Lead counts every customer of the population who is in no other tier, including those without profit.
    /// </summary>
    public static PyramidReport Report(ProfitDistribution population, DateTimeOffset asOf, long version, ValueSettings settings)
    {
        var cutoffs = Cutoffs(population, asOf, version, settings);
        var revenue = population.Revenue;
        var byTier = population.Levels.ToLookup(level => TierFor(level.Profit, cutoffs));
        TierSummary Summary(Tier tier)
        {
            var levels = byTier[tier].ToList();
            var tierRevenue = levels.Sum(level => level.Revenue);
            return new(
                tier,
                levels.Sum(level => level.Customers),
                levels.Count == 0 ? null : levels.Min(level => level.Profit),
                tierRevenue,
                revenue > 0 ? tierRevenue / revenue : 0m);
        }
        return new(cutoffs, [.. Enum.GetValues<Tier>().Select(Summary)], revenue, ParetoShare(population, settings.ParetoTopShare));
    }

    /// <summary>The profit of the customer at this rank (1 = highest profit); null for rank 0.</summary>
    private static decimal? ProfitAtRank(ProfitDistribution population, long rank)
    {
        if (rank <= 0)
            return null;
        var seen = 0L;
        foreach (var level in population.Levels)
        {
            seen += level.Customers;
            if (seen >= rank)
                return level.Profit;
        }
        throw new ArgumentOutOfRangeException(nameof(rank), rank, "The population has fewer customers than the rank.");
    }

    /// <summary>A tier whose last admitted customer ties with the tier above is empty: the tie went up.</summary>
    private static decimal? BelowHigherTier(decimal? minimum, decimal? higherMinimum) =>
        minimum is { } value && (higherMinimum is not { } higher || value < higher) ? value : null;

    private static void ValidateShares(ValueSettings settings)
    {
        decimal[] shares = [settings.PlatinumShare, settings.GoldShare, settings.IronShare];
        if (shares.Any(share => share < 0) || shares.Sum() > 1)
            throw new ArgumentException("Tier shares must be at least 0 and add up to at most 1.", nameof(settings));
    }
}
