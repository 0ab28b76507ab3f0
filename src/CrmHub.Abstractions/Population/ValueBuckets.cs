namespace CrmHub.Abstractions.Population;

/// <summary>Which value bucket a customer reports to: a stable hash of its id, the same on every silo and run.</summary>
public static class ValueBuckets
{
    /// <summary>The population name of the product's customers (the key of its pyramid grain and buckets).</summary>
    public const string Customers = "customers";

    /// <summary>The number of buckets unless configured (<c>CrmHub:Population:Buckets</c>).</summary>
    public const int DefaultCount = 16;

    /// <summary>
    /// The bucket (0 … <paramref name="count"/> − 1) of a customer: 32-bit FNV-1a of the id's UTF-8 bytes, modulo
    /// the count. Not <see cref="string.GetHashCode()"/>, which differs between processes.
    /// </summary>
    public static int For(string customerId, int count) => StableHash.Bucket(customerId, count);

    /// <summary>The bucket grain a customer of <paramref name="population"/> reports to.</summary>
    public static IValueBucketGrain BucketOf(this IGrainFactory grains, string customerId, int count, string population = Customers) =>
        grains.GetGrain<IValueBucketGrain>(For(customerId, count), population);
}
