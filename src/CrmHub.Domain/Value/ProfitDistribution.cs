using System.Collections.Immutable;

namespace CrmHub.Domain.Value;

/// <summary>
/// D2: the customers of a population who share one rolling-window profit: how many they are, how many of them
/// bought in the window (revenue above zero), and their revenue.
/// </summary>
public sealed record ProfitLevel(decimal Profit, long Customers, long Buyers, decimal Revenue);

/// <summary>
/// D2: a mergeable summary of a population's rolling-window profits, from which the pyramid cut-offs, tier
/// counts and the Pareto ratio are computed. Each bucket of customers pushes its own partial summary and an
/// aggregator merges them (no single grain sees every event). Merging is associative and commutative, and the
/// merge of the parts of a population equals the summary of the whole.
/// </summary>
/// <remarks>
/// Exact, on purpose: one <see cref="ProfitLevel"/> per distinct profit value, so ties are seen exactly (every
/// customer tied with the last one admitted to a tier joins that tier) and the merged cut-offs are those of the
/// whole population. Memory is O(distinct profit values), at most one level per customer (about 60 bytes a
/// level: a million customers with all-different profits take some 60 MB; cent amounts tie often, so usually
/// far less). A fixed-bin histogram or a quantile sketch would bound memory but make cut-offs approximate and
/// break the tie rule, so it is not used.
/// </remarks>
public sealed record ProfitDistribution
{
    private ProfitDistribution(ImmutableArray<ProfitLevel> levels) => Levels = levels;

    public static ProfitDistribution Empty { get; } = new(ImmutableArray<ProfitLevel>.Empty);

    /// <summary>One level per distinct profit, highest profit first; every level holds at least one customer.</summary>
    public ImmutableArray<ProfitLevel> Levels { get; }

    /// <summary>Every customer in the summary, whatever the profit.</summary>
    public long Customers => Levels.Sum(level => level.Customers);

    /// <summary>D2: the customers the pyramid ranks: those with a profit above zero.</summary>
    public long RankedCustomers => Levels.Where(level => level.Profit > 0).Sum(level => level.Customers);

    /// <summary>The customers who bought in the window (revenue above zero).</summary>
    public long Buyers => Levels.Sum(level => level.Buyers);

    public decimal Revenue => Levels.Sum(level => level.Revenue);

    /// <summary>D2: the summary of one population, one entry per customer.</summary>
    public static ProfitDistribution Of(IEnumerable<RollingProfit> customers) =>
        FromLevels(customers.Select(customer => new ProfitLevel(customer.Profit, 1, customer.Revenue > 0 ? 1 : 0, customer.Revenue)));

    /// <summary>
    /// D2: a summary from levels in any order (as stored, or as received from a bucket); levels of equal profit
    /// are added together and empty ones dropped.
    /// </summary>
    public static ProfitDistribution FromLevels(IEnumerable<ProfitLevel> levels)
    {
        var list = levels.ToList();
        if (list.Any(level => level.Customers < 0 || level.Buyers < 0 || level.Buyers > level.Customers))
            throw new ArgumentException("A level needs 0 ≤ buyers ≤ customers.", nameof(levels));
        return new([.. list
            .Where(level => level.Customers > 0)
            .GroupBy(level => level.Profit)
            .Select(group => group.Aggregate(Combine))
            .OrderByDescending(level => level.Profit)]);
    }

    /// <summary>D2: the summary with one more customer.</summary>
    public ProfitDistribution Add(RollingProfit customer) => Merge(Of([customer]));

    /// <summary>D2: the summary of both populations together (they are assumed to hold different customers).</summary>
    public ProfitDistribution Merge(ProfitDistribution other)
    {
        var (mine, theirs) = (Levels, other.Levels);
        var merged = ImmutableArray.CreateBuilder<ProfitLevel>(mine.Length + theirs.Length);
        int i = 0, j = 0;
        while (i < mine.Length || j < theirs.Length)
        {
            if (j == theirs.Length || (i < mine.Length && mine[i].Profit > theirs[j].Profit))
                merged.Add(mine[i++]);
            else if (i == mine.Length || theirs[j].Profit > mine[i].Profit)
                merged.Add(theirs[j++]);
            else
                merged.Add(Combine(mine[i++], theirs[j++]));
        }
        return new(merged.DrainToImmutable());
    }

    /// <summary>D2: the summary of all the parts together.</summary>
    public static ProfitDistribution Merge(IEnumerable<ProfitDistribution> parts) =>
        parts.Aggregate(Empty, (merged, part) => merged.Merge(part));

    /// <summary>Two summaries are equal when they hold the same levels.</summary>
    public bool Equals(ProfitDistribution? other) => other is not null && Levels.SequenceEqual(other.Levels);

    public override int GetHashCode() => Levels.Aggregate(Levels.Length, (hash, level) => HashCode.Combine(hash, level));

    private static ProfitLevel Combine(ProfitLevel a, ProfitLevel b) =>
        new(a.Profit, a.Customers + b.Customers, a.Buyers + b.Buyers, a.Revenue + b.Revenue);
}
