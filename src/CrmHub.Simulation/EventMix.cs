namespace CrmHub.Simulation;

/// <summary>The kinds of event the generator draws from a <see cref="EventMix"/>.</summary>
public enum SimulatedEventKind
{
    Purchase,
    Contact,
    Complaint,
    Survey,
    Invoice,
    Payment,
}

/// <summary>
/// Relative weights of the event kinds in a generated stream (they need not add up to 1; a zero weight leaves a kind out).
/// </summary>
public sealed record EventMix(double Purchase, double Contact, double Complaint, double Survey, double Invoice, double Payment)
{
    /// <summary>A working day of a mid-sized business: mostly purchases and contacts, some billing, a complaint in ten.</summary>
    public static EventMix Business { get; } = new(Purchase: 0.30, Contact: 0.25, Complaint: 0.10, Survey: 0.10, Invoice: 0.15, Payment: 0.10);

    /// <summary>The demo's live stream: contacts and complaints that keep the consoles busy, now and then a sale or a survey.</summary>
    public static EventMix Live { get; } = new(Purchase: 0.10, Contact: 0.55, Complaint: 0.25, Survey: 0.10, Invoice: 0, Payment: 0);

    /// <summary>The kind whose cumulative weight band holds <paramref name="draw"/> (0 ≤ draw &lt; 1).</summary>
    public SimulatedEventKind Pick(double draw)
    {
        var weights = Weights;
        var total = weights.Sum(weight => weight.Weight);
        if (total <= 0 || weights.Any(weight => weight.Weight < 0 || double.IsNaN(weight.Weight)))
            throw new InvalidOperationException("An event mix needs non-negative weights and at least one above 0.");
        var point = draw * total;
        foreach (var (kind, weight) in weights)
        {
            if (point < weight)
                return kind;
            point -= weight;
        }
        return weights.Last(weight => weight.Weight > 0).Kind;
    }

    private (SimulatedEventKind Kind, double Weight)[] Weights =>
    [
        (SimulatedEventKind.Purchase, Purchase),
        (SimulatedEventKind.Contact, Contact),
        (SimulatedEventKind.Complaint, Complaint),
        (SimulatedEventKind.Survey, Survey),
        (SimulatedEventKind.Invoice, Invoice),
        (SimulatedEventKind.Payment, Payment),
    ];
}
