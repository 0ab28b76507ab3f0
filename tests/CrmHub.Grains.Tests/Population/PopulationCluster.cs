using System.Globalization;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Value;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
using CrmHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Grains.Tests.Population;

/// <summary>
/// Memory storage and <see cref="Buckets"/> value buckets (<c>CrmHub:Population:Buckets</c>). Tests report into
/// populations of their own (<see cref="NewPopulation"/>); only the cache test uses the product's population.
/// </summary>
public sealed class PopulationCluster : CrmCluster
{
    public const string Collection = "population cluster";

    public const int Buckets = 4;

    /// <summary>The default <c>CrmHub:Rules:Pyramid:RefreshPeriod</c>.</summary>
    public static TimeSpan RefreshPeriod { get; } = new PyramidRulesOptions().RefreshPeriod;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        [$"{PopulationOptions.Section}:{nameof(PopulationOptions.Buckets)}"] = Buckets.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>This silo's tier cut-offs cache (for <see cref="ValueBuckets.Customers"/>).</summary>
    public ITierCutoffsCache Cache => Cluster.Silos[0].ServiceProvider.GetRequiredService<ITierCutoffsCache>();

    /// <summary>The D2/D3 thresholds the silo runs with: the defaults, as the cluster configures no rules.</summary>
    public static ValueSettings ValueSettings { get; } = new RulesOptions().Settings.Value;

    public static string NewPopulation() => Build.Key("population");

    public IPyramidGrain Pyramid(string population) => Grains.GetGrain<IPyramidGrain>(population);

    public IValueBucketGrain Bucket(string population, int index) => Grains.GetGrain<IValueBucketGrain>(index, population);

    public IEnumerable<IValueBucketGrain> AllBuckets(string population) => Enumerable.Range(0, Buckets).Select(index => Bucket(population, index));

    /// <summary>Reports a customer's snapshot to the bucket it hashes to, as a customer grain does.</summary>
    public Task Report(string population, string customerId, CustomerValueSnapshot snapshot) =>
        Grains.BucketOf(customerId, Buckets, population).Report(customerId, snapshot);

    protected override void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Crm);
}

[CollectionDefinition(PopulationCluster.Collection)]
public sealed class PopulationClusterCollection : ICollectionFixture<PopulationCluster>;
