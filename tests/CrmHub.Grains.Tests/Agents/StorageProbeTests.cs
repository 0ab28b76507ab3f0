using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Agents;

[Collection(MemoryCluster.Collection)]
public sealed class StorageProbeTests(MemoryCluster cluster)
{
    [Fact]
    public async Task Touch_writes_and_returns_the_time_of_the_grains_clock()
    {
        var probe = cluster.Grains.GetGrain<IStorageProbeGrain>(Build.Key("probe"));
        cluster.Clock.Advance(TimeSpan.FromSeconds(7));
        var first = await probe.Touch();
        first.ShouldBe(cluster.Clock.GetUtcNow());

        cluster.Clock.Advance(TimeSpan.FromMinutes(1));

        (await probe.Touch()).ShouldBe(first.AddMinutes(1));
    }
}
