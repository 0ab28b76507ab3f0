using BenchmarkDotNet.Attributes;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain;
using CrmHub.Domain.Customers;
using CrmHub.Simulation;

namespace CrmHub.Benchmarks;

/// <summary>
/// The per-event work of a customer grain: folding one event into the record (<see cref="CustomerRules.Apply"/>) and
/// computing the 360 insights (<see cref="CustomerInsights.Of"/>), for customers with a short and a long history.
/// </summary>
[MemoryDiagnoser]
public class CustomerBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private CustomerRecord _record = CustomerRecord.New("bench");
    private InteractionEvent _next = null!;

    /// <summary>Events the customer already has (timeline capacity is 500).</summary>
    [Params(10, 100, 500)]
    public int History { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var generator = new EventGenerator(new SimulationSettings(1, ["agent1"], Seed: 3, Prefix: "bench-"));
        var customer = generator.Customers[0];
        var events = new List<InteractionEvent> { generator.Profile(customer, Now.AddDays(-400)) };
        events.AddRange(Enumerable.Range(1, History - 1).Select(i => generator.Next(EventMix.Business, Now.AddDays(-365).AddMinutes(i * 1_000))));
        _record = events.Aggregate(CustomerRecord.New(customer.Id), (record, e) => CustomerRules.Apply(record, e, CustomerSettings.Default));
        _next = generator.Next(SimulatedEventKind.Purchase, customer, Now);
    }

    [Benchmark]
    public CustomerRecord ApplyEvent() => CustomerRules.Apply(_record, _next, CustomerSettings.Default);

    [Benchmark]
    public CustomerInsights Insights() => CustomerInsights.Of(_record, Now, CrmRuleSettings.Default, Tier.Gold);
}
