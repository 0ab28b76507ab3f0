using BenchmarkDotNet.Attributes;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Domain.ContactCentre;

namespace CrmHub.Benchmarks;

/// <summary>D10 Erlang C: the figures for one staffing level, and the search for the fewest agents meeting a target.</summary>
public class ErlangCBenchmarks
{
    /// <summary>Arrivals per hour at an AHT of 180 s: 10 and 500 Erlangs of traffic.</summary>
    [Params(200, 10_000)]
    public double ArrivalsPerHour { get; set; }

    [Benchmark]
    public ErlangCResult Evaluate() => ErlangC.Evaluate(ArrivalsPerHour, 180, (int)(ArrivalsPerHour * 180 / 3600) + 5, 20);

    [Benchmark]
    public ErlangCResult Required() => ErlangC.Required(ArrivalsPerHour, 180, 0.85, 20);
}

/// <summary>D10 routing: choosing the agent for one waiting item among a floor of candidates, and ordering a queue.</summary>
public class RoutingBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private RoutingCandidate[] _candidates = [];
    private WaitingItem[] _queue = [];
    private readonly HashSet<string> _excluded = ["agent-3"];

    /// <summary>Agents serving the queue.</summary>
    [Params(20, 500)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _candidates = [.. Enumerable.Range(0, Agents).Select(i => new RoutingCandidate(
            $"agent-{i}",
            i % 5 == 0 ? AgentPresence.Break : AgentPresence.Available,
            new Dictionary<string, int> { ["billing"] = 1 + (i % 3), ["language:en"] = 1 },
            FreeCapacity: i % 4,
            Occupancy: random.NextDouble(),
            IdleSince: Start.AddSeconds(-random.Next(3_600))))];
        Tier[] tiers = [Tier.Platinum, Tier.Gold, Tier.Iron, Tier.Lead];
        _queue = [.. Enumerable.Range(0, 200).Select(i => new WaitingItem(
            $"item-{i}", tiers[i % 4], i % 17 == 0, i % 17 == 0 ? "agent-7" : null, Start.AddSeconds(-random.Next(600)),
            ContactChannel.Voice, [new SkillRequirement("billing", 2)]))];
    }

    [Benchmark]
    public string? ChooseAgent() => Routing.ChooseAgent(_queue[1], _candidates, _excluded);

    /// <summary>Ordering 200 waiting items by tier and waiting time.</summary>
    [Benchmark]
    public int Prioritise200() => Routing.Prioritise(_queue).Count;
}
