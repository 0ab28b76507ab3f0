using CrmHub.Abstractions.Events;
using CrmHub.Host.Apis.Events;

namespace CrmHub.Simulation.Tests;

public sealed class EventGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] Agents = ["agent1", "agent2", "agent3"];

    private static EventGenerator Generator(int seed = 7, int customers = 50) => new(new SimulationSettings(customers, Agents, seed, Prefix: "t-"));

    /// <summary>A stream with every kind of event the generator makes: profiles, histories, a designation and the business mix.</summary>
    private static List<InteractionEvent> Stream(EventGenerator generator, int mixed = 2_000)
    {
        var events = new List<InteractionEvent>();
        foreach (var customer in generator.Customers)
        {
            events.Add(generator.Profile(customer, Now.AddDays(-400)));
            events.AddRange(generator.PurchaseHistory(customer, Now));
        }
        events.Add(generator.KeyAccountDesignation(generator.Customers[0], "supervisor1", Now));
        for (var i = 0; i < mixed; i++)
            events.Add(generator.Next(EventMix.Business, Now.AddSeconds(i)));
        return events;
    }

    [Fact]
    public void The_same_seed_gives_the_same_customers_and_the_same_events()
    {
        var first = Generator(seed: 42);
        var second = Generator(seed: 42);

        second.Customers.ShouldBe(first.Customers);
        CloudEventWriter.Batch(Stream(second)).ShouldBe(CloudEventWriter.Batch(Stream(first)));
    }

    [Fact]
    public void Another_seed_gives_another_stream()
    {
        CloudEventWriter.Batch(Stream(Generator(seed: 2))).ShouldNotBe(CloudEventWriter.Batch(Stream(Generator(seed: 1))));
    }

    [Fact]
    public void Every_generated_event_is_a_valid_cloud_event_that_parses_back_to_itself()
    {
        foreach (var batch in Stream(Generator()).Chunk(CloudEventParser.MaxBatchSize))
        {
            var parsed = CloudEventParser.Parse(CloudEventWriter.Batch(batch), expectBatch: true);

            parsed.Errors.ShouldBeNull();
            parsed.Events.ToArray().ShouldBe(batch);
        }
    }

    [Fact]
    public void Every_id_is_unique_and_carries_the_prefix()
    {
        var generator = Generator();
        var events = Stream(generator);

        events.Select(e => e.Id).Distinct().Count().ShouldBe(events.Count);
        events.ShouldAllBe(e => e.Id.StartsWith("t-", StringComparison.Ordinal) && e.CustomerId.StartsWith("t-c", StringComparison.Ordinal));
        events.Select(e => e.Data).OfType<ComplaintRaised>().Select(c => c.ComplaintId).ShouldBeUnique();
        generator.Customers.Select(c => c.Id).ShouldBeUnique();
    }

    [Fact]
    public void Customers_are_owned_by_the_given_agents_in_turn()
    {
        var customers = Generator(customers: 7).Customers;

        customers.Select(c => c.OwnerAgentId).ShouldBe(["agent1", "agent2", "agent3", "agent1", "agent2", "agent3", "agent1"]);
        customers.ShouldAllBe(c => c.SpendScale > 0 && c.Name.Length > 0);
    }

    [Fact]
    public void A_payment_settles_an_invoice_issued_earlier_to_the_same_customer_or_is_paid_on_account()
    {
        var events = Stream(Generator(customers: 5), mixed: 3_000);
        var issued = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var e in events)
        {
            if (e.Data is InvoiceIssued invoice)
                issued[invoice.InvoiceId] = e.CustomerId;
            if (e.Data is PaymentReceived { InvoiceId: { } invoiceId })
                issued.ShouldContainKeyAndValue(invoiceId, e.CustomerId);
        }
        events.Select(e => e.Data).OfType<PaymentReceived>().ShouldContain(p => p.InvoiceId != null);
    }

    [Fact]
    public void The_business_mix_draws_each_kind_about_as_often_as_its_weight_says()
    {
        var generator = Generator();
        var events = Enumerable.Range(0, 10_000).Select(i => generator.Next(EventMix.Business, Now)).ToList();

        Share<PurchaseMade>(events).ShouldBe(0.30, tolerance: 0.02);
        Share<ContactMade>(events).ShouldBe(0.25, tolerance: 0.02);
        Share<ComplaintRaised>(events).ShouldBe(0.10, tolerance: 0.02);
        Share<SurveyAnswered>(events).ShouldBe(0.10, tolerance: 0.02);
        Share<InvoiceIssued>(events).ShouldBe(0.15, tolerance: 0.02);
        Share<PaymentReceived>(events).ShouldBe(0.10, tolerance: 0.02);
    }

    [Fact]
    public void The_live_mix_makes_no_invoices_or_payments()
    {
        var generator = Generator();
        var events = Enumerable.Range(0, 1_000).Select(i => generator.Next(EventMix.Live, Now)).ToList();

        events.ShouldNotContain(e => e.Data is InvoiceIssued || e.Data is PaymentReceived);
        Share<ComplaintRaised>(events).ShouldBe(0.25, tolerance: 0.05);
    }

    [Fact]
    public void A_purchase_history_lies_within_the_year_before_now_in_time_order_and_the_big_spenders_buy_most()
    {
        var generator = Generator(customers: 300);
        var revenue = new List<decimal>();

        foreach (var customer in generator.Customers)
        {
            var history = generator.PurchaseHistory(customer, Now).ToList();
            history.Count.ShouldBeInRange(1, 12);
            history.ShouldAllBe(e => e.Time < Now && e.Time >= Now.AddDays(-365));
            history.Select(e => e.Time).ShouldBeInOrder();
            revenue.Add(history.Select(e => e.Data).OfType<PurchaseMade>().Sum(p => p.Amount));
        }

        var ranked = revenue.OrderDescending().ToList();
        var topFifth = ranked.Take(ranked.Count / 5).Sum() / ranked.Sum();
        topFifth.ShouldBeGreaterThan(0.5m, "a pyramid: the top 20% of customers bring most of the revenue");
    }

    [Fact]
    public void An_empty_or_negative_mix_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => new EventMix(0, 0, 0, 0, 0, 0).Pick(0.5));
        Should.Throw<InvalidOperationException>(() => new EventMix(1, -1, 0, 0, 0, 0).Pick(0.5));
    }

    private static double Share<T>(IReadOnlyCollection<InteractionEvent> events) =>
        events.Count(e => e.Data is T) / (double)events.Count;
}
