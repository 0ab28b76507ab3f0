using System.Collections.Immutable;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Experience;
using CrmHub.Domain.Lifecycle;

namespace CrmHub.Grains.Population;

/// <summary>D6/D8 analytics over every value bucket of the product's customers, merged from the buckets' partial counts.</summary>
public static class PopulationQueries
{
    /// <summary>D6: churn, retention and win-backs over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static async Task<RetentionSummary> Retention(this IGrainFactory grains, DateTimeOffset from, DateTimeOffset to, int buckets)
    {
        var counts = await Task.WhenAll(Buckets(grains, buckets).Select(bucket => bucket.Retention(from, to)));
        return RetentionSummary.MergeAll(counts.Select(count => count.ToSummary()));
    }

    /// <summary>D8: the surveys that rate one of <paramref name="agentIds"/>, or every survey when empty.</summary>
    public static async Task<SatisfactionSummary> Satisfaction(this IGrainFactory grains, ImmutableArray<string> agentIds, int buckets)
    {
        var counts = await Task.WhenAll(Buckets(grains, buckets).Select(bucket => bucket.Satisfaction(agentIds)));
        return counts.Aggregate(SatisfactionSummary.Empty, (total, count) => total.Merge(count.ToSummary()));
    }

    private static IEnumerable<IValueBucketGrain> Buckets(IGrainFactory grains, int buckets) =>
        Enumerable.Range(0, buckets).Select(bucket => grains.GetGrain<IValueBucketGrain>(bucket, ValueBuckets.Customers));
}
