using System.Collections.Immutable;
using System.Globalization;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;

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

    public int PurchaseCount => Purchases.Length;

    public decimal TotalRevenue => Purchases.Sum(purchase => purchase.Amount);

    public DateTimeOffset? FirstPurchaseAt => Purchases.IsEmpty ? null : Purchases[0].Time;

    public DateTimeOffset? LastPurchaseAt => Purchases.IsEmpty ? null : Purchases[^1].Time;

    public LifecycleStage LifecycleStage => LifecycleRules.StageFor(PurchaseCount);

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

    public CustomerView ToView(int timelineEntries) => new(
        CustomerId,
        Profile,
        LifecycleStage,
        PurchaseCount,
        TotalRevenue,
        FirstPurchaseAt,
        LastPurchaseAt,
        OpenComplaints,
        [.. Timeline.Reverse().Take(timelineEntries)]);
}

/// <summary>A profile event kept with its time, so late events fold in at the right place.</summary>
public sealed record ProfileChange(DateTimeOffset Time, CustomerProfileChanged Data);

/// <summary>One purchase as the value rules need it.</summary>
public sealed record PurchaseFact(string EventId, string OrderId, DateTimeOffset Time, decimal Amount, decimal? Cost);

/// <summary>Applying events to a customer record: pure, order-independent in its result.</summary>
public static class CustomerRules
{
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
                OpenComplaints = OpenEarliest(record.OpenComplaints, new OpenComplaint(complaint.ComplaintId, complaint.Subject, e.Time)),
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
        _ => payload.EventType,
    };

    private static TimelineEntry ToTimelineEntry(InteractionEvent e) =>
        new(e.Id, e.Source, e.Data.EventType, e.Time, Summarize(e.Data));

    /// <summary>
    /// A complaint raised again stays one open complaint, opened by its earliest event (by event time),
    /// so a late report of an earlier raise gives the same state as an in-order run.
    /// </summary>
    private static ImmutableArray<OpenComplaint> OpenEarliest(ImmutableArray<OpenComplaint> open, OpenComplaint raised)
    {
        var known = open.FirstOrDefault(complaint => complaint.ComplaintId == raised.ComplaintId);
        if (known is not null && known.OpenedAt <= raised.OpenedAt)
            return open;
        return InsertByTime(known is null ? open : open.Remove(known), raised, complaint => complaint.OpenedAt);
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
