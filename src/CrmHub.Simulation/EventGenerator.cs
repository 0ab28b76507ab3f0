using System.Globalization;
using Bogus;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Simulation;

/// <summary>What the generator simulates: how many customers, whose they are, and how it names things.</summary>
/// <param name="Customers">Customers in the population (at least 1).</param>
/// <param name="OwnerAgents">Agents who own customers, round-robin (at least one).</param>
/// <param name="Seed">The same seed gives the same customers and the same stream of events.</param>
/// <param name="Prefix">Starts every customer, event, order, invoice and complaint id, so runs do not collide.</param>
/// <param name="Source">The CloudEvents <c>source</c> of every event.</param>
/// <param name="IdPrefix">Starts the event, order, invoice and complaint ids instead of <paramref name="Prefix"/>: a second
/// generator over the same customers (same seed and prefix) then makes ids of its own.</param>
public sealed record SimulationSettings(
    int Customers,
    IReadOnlyList<string> OwnerAgents,
    int Seed = 1,
    string Prefix = "sim-",
    string Source = "/simulation",
    string? IdPrefix = null);

/// <summary>A simulated customer: id, company name, owner agent, and how much it tends to spend (a Pareto-like scale).</summary>
public sealed record SimulatedCustomer(string Id, string Name, string OwnerAgentId, decimal SpendScale);

/// <summary>
/// A seeded stream of valid interaction events across a population of customers: purchases with costs, contacts,
/// complaints, surveys, invoices and payments of those invoices, with Bogus-made names and texts. Not thread-safe:
/// one producer draws from it. Every id is unique within a generator (a counter after <see cref="SimulationSettings.Prefix"/>).
/// </summary>
public sealed class EventGenerator
{
    private static readonly string[] Regions = ["North", "South", "East", "West", "Central"];

    private static readonly string[] ComplaintSubjects =
    [
        "Delivery late", "Wrong item delivered", "Invoice amount wrong", "Product stopped working", "Rude hotline",
        "Refund not received", "Missing parts", "Installation appointment missed",
    ];

    private readonly Faker _faker;
    private readonly SimulationSettings _settings;
    private readonly Dictionary<string, Queue<(string Id, decimal Amount)>> _openInvoices = new(StringComparer.Ordinal);
    private long _sequence;

    public EventGenerator(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Customers, 1);
        if (settings.OwnerAgents.Count == 0)
            throw new ArgumentException("At least one owner agent is needed.", nameof(settings));
        _settings = settings;
        _faker = new Faker("en") { Random = new Randomizer(settings.Seed) };
        Customers = [.. Enumerable.Range(0, settings.Customers).Select(NewCustomer)];
    }

    public IReadOnlyList<SimulatedCustomer> Customers { get; }

    /// <summary>The ids handed out so far (events, orders, invoices, complaints): the next id's counter.</summary>
    public long Issued => _sequence;

    /// <summary>The customer's <c>crm.customer.profile</c>: name, owner, region, industry and classification.</summary>
    public InteractionEvent Profile(SimulatedCustomer customer, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return Event(customer, at, new CustomerProfileChanged(
            customer.Name,
            _faker.PickRandom<CustomerSource>(),
            _faker.PickRandom(Regions),
            _faker.PickRandom<Settlement>(),
            _faker.Commerce.Department(1),
            customer.OwnerAgentId,
            _faker.PickRandom<ValueStyle>(),
            _faker.PickRandom<KeyAccountSensitivity>()));
    }

    /// <summary>The next event of <paramref name="mix"/> for a customer drawn uniformly from the population.</summary>
    public InteractionEvent Next(EventMix mix, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(mix);
        return Next(mix.Pick(_faker.Random.Double()), Customers[_faker.Random.Int(0, Customers.Count - 1)], at);
    }

    /// <summary>An event of one kind for <paramref name="customer"/>.</summary>
    public InteractionEvent Next(SimulatedEventKind kind, SimulatedCustomer customer, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return kind switch
        {
            SimulatedEventKind.Purchase => Purchase(customer, at),
            SimulatedEventKind.Contact => Event(customer, at, new ContactMade(
                _faker.PickRandom<ContactChannel>(),
                _faker.PickRandom<ContactDirection>(),
                customer.OwnerAgentId,
                _faker.Lorem.Sentence(6))),
            SimulatedEventKind.Complaint => Complaint(customer, at),
            SimulatedEventKind.Survey => Event(customer, at, new SurveyAnswered(
                _faker.PickRandom<SatisfactionLevel>(),
                new ServqualScores(Score(), Score(), Score(), Score(), Score()),
                customer.OwnerAgentId,
                null)),
            SimulatedEventKind.Invoice => Invoice(customer, at),
            SimulatedEventKind.Payment => Payment(customer, at),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a simulated event kind."),
        };
    }

    /// <summary>A <c>crm.complaint</c> with a new complaint id (its <c>complaintId</c> is the id alerts carry).</summary>
    public InteractionEvent Complaint(SimulatedCustomer customer, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return Event(customer, at, new ComplaintRaised(
            NewId("cmp"),
            _faker.PickRandom(ComplaintSubjects),
            _faker.Lorem.Sentence(10),
            _faker.PickRandom<ComplaintCategory>(),
            _faker.PickRandom<ComplaintSeverity>()));
    }

    /// <summary>
    /// A purchase history over the year before <paramref name="now"/>: up to a dozen orders, more and bigger for
    /// customers with a larger spend scale, so the population ranks into a pyramid (few Platinum, many Lead).
    /// </summary>
    public IEnumerable<InteractionEvent> PurchaseHistory(SimulatedCustomer customer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var orders = Math.Clamp((int)Math.Round(Math.Log2((double)customer.SpendScale / 50) * 2) + _faker.Random.Int(1, 3), 1, 12);
        var times = Enumerable.Range(0, orders)
            .Select(_ => now - TimeSpan.FromMinutes(_faker.Random.Int(60, 365 * 24 * 60)))
            .Order()
            .ToList();
        return [.. times.Select(time => Purchase(customer, time))];
    }

    /// <summary>D5: designates the customer a key account managed by <paramref name="managerId"/>, with goals.</summary>
    public InteractionEvent KeyAccountDesignation(SimulatedCustomer customer, string managerId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return Event(customer, at, new KeyAccountDesignated(
            true,
            managerId,
            _faker.PickRandom<KeyAccountSensitivity>(),
            _faker.PickRandom(14, 30, 60),
            $"Grow {customer.Name} by {_faker.Random.Int(5, 30)}% this year; quarterly business review."));
    }

    private InteractionEvent Purchase(SimulatedCustomer customer, DateTimeOffset at)
    {
        var amount = Money(customer.SpendScale * (decimal)_faker.Random.Double(0.5, 1.5));
        return Event(customer, at, new PurchaseMade(NewId("ord"), amount, Money(amount * (decimal)_faker.Random.Double(0.55, 0.85)), "EUR"));
    }

    private InteractionEvent Invoice(SimulatedCustomer customer, DateTimeOffset at)
    {
        var invoiceId = NewId("inv");
        var amount = Money(customer.SpendScale * (decimal)_faker.Random.Double(0.5, 1.5));
        if (!_openInvoices.TryGetValue(customer.Id, out var open))
            _openInvoices[customer.Id] = open = new();
        open.Enqueue((invoiceId, amount));
        return Event(customer, at, new InvoiceIssued(invoiceId, amount, at.AddDays(_faker.PickRandom(14, 30, 60))));
    }

    /// <summary>Pays the customer's oldest invoice this generator issued, or pays on account when none is open.</summary>
    private InteractionEvent Payment(SimulatedCustomer customer, DateTimeOffset at) =>
        _openInvoices.TryGetValue(customer.Id, out var open) && open.TryDequeue(out var invoice)
            ? Event(customer, at, new PaymentReceived(invoice.Id, invoice.Amount))
            : Event(customer, at, new PaymentReceived(null, Money(customer.SpendScale * 0.2m)));

    private InteractionEvent Event(SimulatedCustomer customer, DateTimeOffset at, EventPayload payload) =>
        new(NewId("evt"), _settings.Source, customer.Id, at, payload);

    private SimulatedCustomer NewCustomer(int index)
    {
        // Pareto-like spend: most customers buy for tens to hundreds, a few for tens of thousands.
        var spend = 50d / Math.Pow(1 - _faker.Random.Double(0, 0.999), 1.2);
        return new(
            string.Create(CultureInfo.InvariantCulture, $"{_settings.Prefix}c{index:D6}"),
            _faker.Company.CompanyName(),
            _settings.OwnerAgents[index % _settings.OwnerAgents.Count],
            Money((decimal)Math.Min(spend, 50_000)));
    }

    /// <summary>A pause drawn uniformly between <paramref name="shortest"/> and <paramref name="longest"/> (for a paced stream).</summary>
    public TimeSpan NextPause(TimeSpan shortest, TimeSpan longest) =>
        shortest >= longest ? shortest : shortest + (longest - shortest) * _faker.Random.Double();

    private int? Score() => _faker.Random.Bool(0.8f) ? _faker.Random.Int(1, 5) : null;

    private string NewId(string kind) => string.Create(CultureInfo.InvariantCulture, $"{_settings.IdPrefix ?? _settings.Prefix}{kind}-{++_sequence:D8}");

    private static decimal Money(decimal amount) => Math.Max(0.01m, Math.Round(amount, 2, MidpointRounding.AwayFromZero));
}
