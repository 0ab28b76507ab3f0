using System.Collections.Immutable;
using System.Globalization;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Relationship;
using CrmHub.Domain.Value;

namespace CrmHub.Domain.Customers;

/// <summary>
/// The facts CrmHub holds about one customer. Derived values (stage, counts, revenue) are computed
/// from the facts every time, so a late or repeated event leaves the same state as an in-order run.
/// </summary>
public sealed record CustomerRecord(
    string CustomerId,
    ImmutableArray<ProfileChange> ProfileChanges,
    ImmutableArray<PurchaseFact> Purchases,
    ImmutableArray<OpenComplaint> OpenComplaints,
    ImmutableArray<TimelineEntry> Timeline)
{
    public static CustomerRecord New(string customerId) => new(customerId, [], [], [], []);

    // The facts below were added after the first release: as init properties with empty defaults, state stored
    // before them reads back with empty lists. Every list is sorted by event time (ties keep arrival order).

    /// <summary>D2: money paid back for orders.</summary>
    public ImmutableArray<RefundFact> Refunds { get; init; } = [];

    /// <summary>D7: invoices issued.</summary>
    public ImmutableArray<InvoiceFact> Invoices { get; init; } = [];

    /// <summary>D7: payments received.</summary>
    public ImmutableArray<PaymentFact> Payments { get; init; } = [];

    /// <summary>D7: invoices written off.</summary>
    public ImmutableArray<WriteOffFact> WriteOffs { get; init; } = [];

    /// <summary>D4/D5: every contact with its direction and channel (a visit is a key-account visit).</summary>
    public ImmutableArray<ContactFact> Contacts { get; init; } = [];

    /// <summary>D8: every answered survey.</summary>
    public ImmutableArray<SurveyFact> Surveys { get; init; } = [];

    /// <summary>D11: every MAN qualification; the latest (by event time) counts.</summary>
    public ImmutableArray<ProspectFact> Prospects { get; init; } = [];

    /// <summary>D5: every key-account designation and un-designation.</summary>
    public ImmutableArray<DesignationFact> Designations { get; init; } = [];

    /// <summary>D6: every complaint with the time it was first raised, open or not.</summary>
    public ImmutableArray<RaisedComplaint> ComplaintsRaised { get; init; } = [];

    public int PurchaseCount => Purchases.Length;

    public decimal TotalRevenue => Purchases.Sum(purchase => purchase.Amount);

    public DateTimeOffset? FirstPurchaseAt => Purchases.IsEmpty ? null : Purchases[0].Time;

    public DateTimeOffset? LastPurchaseAt => Purchases.IsEmpty ? null : Purchases[^1].Time;

    /// <summary>
    /// The time of the newest event of any kind, or null for a record without facts. A producer's clock may run
    /// ahead of ours: an accepted event has happened, so views are computed as of this time at the earliest.
    /// </summary>
    public DateTimeOffset? LatestEventAt => new[]
    {
        Timeline.IsEmpty ? (DateTimeOffset?)null : Timeline[^1].Time,
        ProfileChanges.IsEmpty ? null : ProfileChanges[^1].Time,
        LastPurchaseAt,
        OpenComplaints.IsEmpty ? null : OpenComplaints.Max(complaint => complaint.OpenedAt),
        Refunds.IsEmpty ? null : Refunds[^1].Time,
        Invoices.IsEmpty ? null : Invoices[^1].Time,
        Payments.IsEmpty ? null : Payments[^1].Time,
        WriteOffs.IsEmpty ? null : WriteOffs[^1].Time,
        Contacts.IsEmpty ? null : Contacts[^1].Time,
        Surveys.IsEmpty ? null : Surveys[^1].Time,
        Prospects.IsEmpty ? null : Prospects[^1].Time,
        Designations.IsEmpty ? null : Designations[^1].Time,
    }.Max();

    /// <summary>Every profile field holds the value of the latest event (by event time) that set it.</summary>
    public CustomerProfile Profile => ProfileChanges.Aggregate(CustomerProfile.Empty, (profile, change) => new CustomerProfile(
        change.Data.Name ?? profile.Name,
        change.Data.Source ?? profile.Source,
        change.Data.Region ?? profile.Region,
        change.Data.Settlement ?? profile.Settlement,
        change.Data.Industry ?? profile.Industry,
        change.Data.OwnerAgentId ?? profile.OwnerAgentId,
        change.Data.ValueStyle ?? profile.ValueStyle,
        change.Data.Sensitivity ?? profile.Sensitivity));

    /// <summary>The name to show people: the profile name, else the customer id.</summary>
    public string DisplayName => Profile.Name ?? CustomerId;

    /// <summary>The 360 view: the facts' summary, the CRM insights computed from them and the newest timeline entries.</summary>
    public CustomerView ToView(int timelineEntries, CustomerInsights insights)
    {
        var profile = Profile;
        return new(
            CustomerId,
            profile,
            insights.Lifecycle.Stage,
            insights.Lifecycle.WinBacks,
            profile.Source,
            profile.Region,
            profile.Settlement,
            insights.ReceivablesView,
            insights.ProfitContribution,
            insights.Behaviour,
            insights.ChurnRiskView,
            insights.ValueStyle,
            insights.Tier,
            insights.Profit12Months.Profit,
            insights.ClvView,
            insights.RelationshipLevel,
            insights.KeyAccountView,
            insights.SatisfactionView,
            insights.ManView,
            PurchaseCount,
            TotalRevenue,
            FirstPurchaseAt,
            LastPurchaseAt,
            OpenComplaints,
            [.. Timeline.Reverse().Take(timelineEntries)]);
    }
}

/// <summary>A profile event kept with its time, so late events fold in at the right place.</summary>
public sealed record ProfileChange(DateTimeOffset Time, CustomerProfileChanged Data);

/// <summary>One purchase as the value rules need it.</summary>
public sealed record PurchaseFact(string EventId, string OrderId, DateTimeOffset Time, decimal Amount, decimal? Cost);

/// <summary>Applying events to a customer record: pure, order-independent in its result.</summary>
public static class CustomerRules
{
    /// <summary>D9/D6: the record without <paramref name="complaintId"/> among its open complaints (unchanged when it is not open).</summary>
    public static CustomerRecord CloseComplaint(CustomerRecord record, string complaintId) =>
        record with { OpenComplaints = record.OpenComplaints.RemoveAll(open => open.ComplaintId == complaintId) };

    /// <summary>Whether the complaint was raised and has been closed since.</summary>
    private static bool IsClosed(CustomerRecord record, string complaintId) =>
        record.ComplaintsRaised.Any(raised => raised.ComplaintId == complaintId)
        && !record.OpenComplaints.Any(open => open.ComplaintId == complaintId);

    /// <summary>
    /// Adds one (not yet seen) event's facts. Lists stay sorted by event time (ties keep arrival order),
    /// so the outcome does not depend on the order events arrive in.
    /// </summary>
    public static CustomerRecord Apply(CustomerRecord record, InteractionEvent e, CustomerSettings settings)
    {
        var withTimeline = record with
        {
            Timeline = InsertByTime(record.Timeline, ToTimelineEntry(e), entry => entry.Time)
                .RemoveRange(0, Math.Max(0, record.Timeline.Length + 1 - settings.TimelineCapacity)),
        };
        return e.Data switch
        {
            CustomerProfileChanged profile => withTimeline with
            {
                ProfileChanges = InsertByTime(record.ProfileChanges, new ProfileChange(e.Time, profile), change => change.Time),
            },
            PurchaseMade purchase => withTimeline with
            {
                Purchases = InsertByTime(record.Purchases, new PurchaseFact(e.Id, purchase.OrderId, e.Time, purchase.Amount, purchase.Cost), fact => fact.Time),
            },
            ComplaintRaised complaint => withTimeline with
            {
                // A complaint raised again after it was closed stays closed.
                OpenComplaints = IsClosed(record, complaint.ComplaintId)
                    ? record.OpenComplaints
                    : Earliest(record.OpenComplaints, new OpenComplaint(complaint.ComplaintId, complaint.Subject, e.Time), open => open.ComplaintId, open => open.OpenedAt),
                ComplaintsRaised = Earliest(record.ComplaintsRaised, new RaisedComplaint(complaint.ComplaintId, e.Time), raised => raised.ComplaintId, raised => raised.RaisedAt),
            },
            ContactMade contact => withTimeline with
            {
                Contacts = InsertByTime(record.Contacts, new ContactFact(e.Time, contact.Direction, contact.Channel), fact => fact.Time),
            },
            RefundIssued refund => withTimeline with
            {
                Refunds = InsertByTime(record.Refunds, new RefundFact(e.Id, refund.OrderId, e.Time, refund.Amount), fact => fact.Time),
            },
            InvoiceIssued invoice => withTimeline with
            {
                Invoices = InsertByTime(record.Invoices, new InvoiceFact(e.Id, e.Time, invoice.InvoiceId, invoice.Amount, invoice.DueAt), fact => fact.Time),
            },
            PaymentReceived payment => withTimeline with
            {
                Payments = InsertByTime(record.Payments, new PaymentFact(e.Id, e.Time, payment.InvoiceId, payment.Amount), fact => fact.Time),
            },
            InvoiceWrittenOff writeOff => withTimeline with
            {
                WriteOffs = InsertByTime(record.WriteOffs, new WriteOffFact(e.Id, e.Time, writeOff.InvoiceId), fact => fact.Time),
            },
            SurveyAnswered survey => withTimeline with
            {
                Surveys = InsertByTime(record.Surveys, new SurveyFact(e.Id, e.Time, survey.Satisfaction, survey.Servqual, survey.AgentId, survey.ComplaintId), fact => fact.Time),
            },
            ProspectQualified prospect => withTimeline with
            {
                Prospects = InsertByTime(record.Prospects, new ProspectFact(e.Id, e.Time, prospect.Money, prospect.Authority, prospect.Need, prospect.Targeted), fact => fact.Time),
            },
            KeyAccountDesignated designation => withTimeline with
            {
                Designations = InsertByTime(
                    record.Designations,
                    new DesignationFact(e.Id, e.Time, designation.Designated, designation.ManagerId, designation.Sensitivity, designation.VisitCadenceDays, designation.Goals),
                    fact => fact.Time),
            },
            _ => withTimeline,
        };
    }

    /// <summary>A one-line, human-readable account of the event for the timeline.</summary>
    public static string Summarize(EventPayload payload) => payload switch
    {
        CustomerProfileChanged p => p.Name is null ? "Profile updated" : $"Profile updated: {p.Name}",
        PurchaseMade p => string.Create(CultureInfo.InvariantCulture, $"Purchase {p.OrderId}: {p.Amount:0.00}{(p.Currency is null ? "" : " " + p.Currency)}"),
        ContactMade c => $"{c.Direction} {c.Channel} contact{(c.AgentId is null ? "" : " with " + c.AgentId)}{(c.Summary is null ? "" : ": " + c.Summary)}",
        ComplaintRaised c => $"{c.Category} complaint ({c.Severity}): {c.Subject}",
        InvoiceIssued i => string.Create(CultureInfo.InvariantCulture, $"Invoice {i.InvoiceId}: {i.Amount:0.00} due {i.DueAt:yyyy-MM-dd}"),
        PaymentReceived p => string.Create(CultureInfo.InvariantCulture, $"Payment{(p.InvoiceId is null ? "" : " for " + p.InvoiceId)}: {p.Amount:0.00}"),
        RefundIssued r => string.Create(CultureInfo.InvariantCulture, $"Refund for order {r.OrderId}: {r.Amount:0.00}"),
        InvoiceWrittenOff w => $"Invoice {w.InvoiceId} written off",
        SurveyAnswered s => $"Survey: {s.Satisfaction}{(s.AgentId is null ? "" : " for " + s.AgentId)}{(s.ComplaintId is null ? "" : " after complaint " + s.ComplaintId)}",
        ProspectQualified p => $"Prospect assessed: {new Prospects.ManAssessment(p.Money, p.Authority, p.Need).Code}{(p.Targeted == true ? ", targeted" : "")}",
        KeyAccountDesignated k => k.Designated
            ? $"Designated a key account{(k.ManagerId is null ? "" : " managed by " + k.ManagerId)}"
            : "Key-account designation withdrawn",
        _ => payload.EventType,
    };

    private static TimelineEntry ToTimelineEntry(InteractionEvent e) =>
        new(e.Id, e.Source, e.Data.EventType, e.Time, Summarize(e.Data));

    /// <summary>
    /// A complaint raised again stays one complaint, raised by its earliest event (by event time),
    /// so a late report of an earlier raise gives the same state as an in-order run.
    /// </summary>
    private static ImmutableArray<T> Earliest<T>(ImmutableArray<T> sorted, T raised, Func<T, string> idOf, Func<T, DateTimeOffset> timeOf)
        where T : class
    {
        var known = sorted.FirstOrDefault(item => idOf(item) == idOf(raised));
        if (known is not null && timeOf(known) <= timeOf(raised))
            return sorted;
        return InsertByTime(known is null ? sorted : sorted.Remove(known), raised, timeOf);
    }

    private static ImmutableArray<T> InsertByTime<T>(ImmutableArray<T> sorted, T item, Func<T, DateTimeOffset> timeOf)
    {
        var time = timeOf(item);
        var index = sorted.Length;
        while (index > 0 && timeOf(sorted[index - 1]) > time)
            index--;
        return sorted.Insert(index, item);
    }
}

/// <summary>Tunables of the customer record (configurable under <c>CrmHub:Customers</c>).</summary>
public sealed record CustomerSettings(int TimelineCapacity, int TimelineInView)
{
    public static CustomerSettings Default { get; } = new(TimelineCapacity: 500, TimelineInView: 50);
}
