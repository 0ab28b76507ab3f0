using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Agents;

/// <summary>
/// The cluster-wide list of online agents. It is one grain per cluster, so every test uses its own silo ids
/// and agent ids, asserts only about those, and withdraws its reports at the end.
/// </summary>
[Collection(MemoryCluster.Collection)]
public sealed class OnlineAgentsTests(MemoryCluster cluster) : IAsyncDisposable
{
    private readonly IOnlineAgentsGrain _online = cluster.OnlineAgents;
    private readonly string _siloA = Build.Key("silo-a");
    private readonly string _siloB = Build.Key("silo-b");
    private readonly string _ann = Build.Key("ann");
    private readonly string _bob = Build.Key("bob");
    private readonly string _cy = Build.Key("cy");

    public async ValueTask DisposeAsync()
    {
        await _online.Report(_siloA, []);
        await _online.Report(_siloB, []);
    }

    private async Task<string[]> OnlineOfMine()
    {
        string[] mine = [_ann, _bob, _cy];
        return [.. (await _online.GetOnlineAgents()).Where(mine.Contains)];
    }

    [Fact]
    public async Task The_reports_of_two_silos_are_unioned_each_agent_once()
    {
        await _online.Report(_siloA, [_ann, _bob]);
        await _online.Report(_siloB, [_bob, _cy]);

        (await OnlineOfMine()).ShouldBe(new[] { _ann, _bob, _cy }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_report_not_renewed_within_the_lease_drops_out()
    {
        await _online.Report(_siloA, [_ann]);
        cluster.Clock.Advance(Build.DefaultLease / 2);
        await _online.Report(_siloB, [_bob]);

        cluster.Clock.Advance(Build.DefaultLease / 2 + TimeSpan.FromSeconds(1));

        (await OnlineOfMine()).ShouldBe([_bob]);
    }

    [Fact]
    public async Task An_empty_report_removes_the_silo()
    {
        await _online.Report(_siloA, [_ann]);
        await _online.Report(_siloB, [_bob]);

        await _online.Report(_siloA, []);

        (await OnlineOfMine()).ShouldBe([_bob]);
    }

    [Fact]
    public async Task A_new_report_of_a_silo_replaces_its_earlier_one()
    {
        await _online.Report(_siloA, [_ann, _bob]);

        await _online.Report(_siloA, [_cy]);

        (await OnlineOfMine()).ShouldBe([_cy]);
    }
}
