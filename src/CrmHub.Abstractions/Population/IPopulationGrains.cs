using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CrmHub.Abstractions.Population;

/// <summary>
/// One bucket of a population's customers (ARCHITECTURE.md invariant 7): keeps the latest
/// <see cref="CustomerValueSnapshot"/> of each of its customers and gives their partial summary. Key: the bucket
/// index (0 … buckets − 1, see <see cref="ValueBuckets.For"/>) with the population name as key extension
/// (<see cref="ValueBuckets.Customers"/> in the product).
/// </summary>
public interface IValueBucketGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>
    /// Keeps the customer's snapshot in place of the one it had (an older snapshot, by <c>AsOf</c>, is ignored).
    /// Reported snapshots are kept in memory at once and written within a refresh period (and on deactivation):
    /// they are derived values, so a customer re-reports rather than the bucket writing on every event.
    /// </summary>
    Task Report(string customerId, CustomerValueSnapshot snapshot);

    /// <summary>The partial summary of the bucket's customers: profit distribution and customer equity.</summary>
    Task<BucketSummary> GetSummary();

    /// <summary>
    /// D2/D5: the customers of this bucket whose key-account evaluation is due under <paramref name="current"/>, ordered
    /// by customer id: those whose tier differs from their tier under <paramref name="previous"/>, and the key accounts
    /// below Gold (each new cut-off version counts towards their leaving).
    /// </summary>
    Task<ImmutableArray<TierChange>> TierChanges(TierCutoffsSnapshot previous, TierCutoffsSnapshot current);

    /// <summary>D6: churn, retention and win-backs of this bucket's customers over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    Task<RetentionCounts> Retention(DateTimeOffset from, DateTimeOffset to);

    /// <summary>D8: the surveys of this bucket's customers that rate one of <paramref name="agentIds"/> (every survey when empty).</summary>
    Task<SatisfactionCounts> Satisfaction(ImmutableArray<string> agentIds);
}

/// <summary>
/// D2/D3: a population's pyramid and customer equity, aggregated from its value buckets every refresh period and
/// on demand; off the per-event path (customers read the cut-offs from a per-silo cache). Key: the population name
/// (<see cref="ValueBuckets.Customers"/> in the product).
/// </summary>
public interface IPyramidGrain : IGrainWithStringKey
{
    /// <summary>The latest cut-offs (persisted: known at once after a restart).</summary>
    // Read-only and interleaved: a customer's cut-off load must never wait behind a refresh that is re-evaluating that customer.
    [AlwaysInterleave]
    Task<TierCutoffsSnapshot> GetCutoffs();

    /// <summary>The latest figures; computed first if this activation has none yet.</summary>
    Task<PopulationReport> GetReport();

    /// <summary>Pulls every bucket's summary now, recomputes the figures and returns them.</summary>
    Task<PopulationReport> Refresh();
}
