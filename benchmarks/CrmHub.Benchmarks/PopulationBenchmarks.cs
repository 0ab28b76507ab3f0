using BenchmarkDotNet.Attributes;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Customers;
using CrmHub.Domain.Value;

namespace CrmHub.Benchmarks;

/// <summary>D2 tier lookup under published cut-offs: done for every event and every 360 view.</summary>
public class TierLookupBenchmarks
{
    private readonly TierCutoffs _cutoffs = new(PlatinumMin: 50_000m, GoldMin: 12_000m, IronMin: 2_500m, 100_000, 80_000, DateTimeOffset.UnixEpoch, 7);
    private decimal[] _profits = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        _profits = [.. Enumerable.Range(0, 1_024).Select(_ => (decimal)Math.Round(random.NextDouble() * 80_000 - 5_000, 2))];
    }

    /// <summary>Tiers of 1,024 customers (so one call is about a nanosecond: divide by 1,024).</summary>
    [Benchmark(OperationsPerInvoke = 1_024)]
    public int TierFor1024Customers()
    {
        var platinum = 0;
        foreach (var profit in _profits)
        {
            if (PyramidRules.TierFor(profit, _cutoffs) == Tier.Platinum)
                platinum++;
        }
        return platinum;
    }
}

/// <summary>The dedup window of a customer holding its 1,000 newest keys: the check and the remember of every event, and pruning.</summary>
[MemoryDiagnoser]
public class DedupWindowBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private DedupWindow _window = DedupWindow.Empty;
    private EventKey _seen;
    private EventKey _new;

    [Params(1_000, 5_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _window = Enumerable.Range(0, Keys).Aggregate(DedupWindow.Empty, (window, i) => window.Remember(new EventKey("/shop", $"evt-{i}"), Now.AddMinutes(-i * 10)));
        _seen = new EventKey("/shop", $"evt-{Keys / 2}");
        _new = new EventKey("/shop", "evt-new");
    }

    [Benchmark]
    public bool ContainsSeenKey() => _window.Contains(_seen);

    [Benchmark]
    public DedupWindow RememberNewKey() => _window.Remember(_new, Now);

    /// <summary>After every write: forgets keys older than 7 days beyond the newest 1,000.</summary>
    [Benchmark]
    public DedupWindow Prune() => _window.Prune(Now, DedupSettings.Default);
}
