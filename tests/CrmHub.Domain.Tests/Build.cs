using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Customers;
using CrmHub.Domain.Inboxes;

namespace CrmHub.Domain.Tests;

/// <summary>The one place tests build events, drafts and step records: fixed times, no clock.</summary>
public static class Build
{
    public const string CustomerId = "cust-42";

    /// <summary>A fixed instant every test time is measured from.</summary>
    public static DateTimeOffset T0 { get; } = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    public static InteractionEvent Event(DateTimeOffset time, EventPayload data, string? id = null, string source = "shop") =>
        new(id ?? $"evt-{time.UtcTicks}", source, CustomerId, time, data);

    public static InteractionEvent Profile(DateTimeOffset time, string? name = null, string? region = null, string? industry = null, string? owner = null) =>
        Event(time, new CustomerProfileChanged(name, null, region, null, industry, owner));

    public static InteractionEvent Purchase(DateTimeOffset time, decimal amount, string? orderId = null) =>
        Event(time, new PurchaseMade(orderId ?? $"O-{time.UtcTicks}", amount, null, "EUR"));

    public static InteractionEvent Contact(DateTimeOffset time) =>
        Event(time, new ContactMade(ContactChannel.Phone, ContactDirection.Inbound, "agent-1", null));

    public static InteractionEvent Complaint(DateTimeOffset time, string complaintId, string subject = "Late delivery") =>
        Event(time, new ComplaintRaised(complaintId, subject, "It came a week late.", ComplaintCategory.Service, ComplaintSeverity.Normal));

    public static CustomerRecord Customer(IEnumerable<InteractionEvent> events, CustomerSettings? settings = null) =>
        events.Aggregate(CustomerRecord.New(CustomerId), (record, e) => CustomerRules.Apply(record, e, settings ?? CustomerSettings.Default));

    public static NotificationDraft Draft(string key, DateTimeOffset occurredAt) =>
        new(key, occurredAt, new ComplaintUpdated(key, ComplaintStatus.Open, null));

    /// <summary>An inbox holding one draft per time, keyed "n-1", "n-2", … in that order.</summary>
    public static Inbox InboxWith(IEnumerable<DateTimeOffset> occurredAt) =>
        occurredAt.Select((time, index) => Draft($"n-{index + 1}", time))
            .Aggregate(Inbox.Empty, (inbox, draft) => inbox.Append(draft).Inbox);

    public static ImmutableArray<ComplaintStepRecord> Steps(IEnumerable<ComplaintStep> steps) =>
        [.. steps.Select((step, index) => new ComplaintStepRecord(step, "agent-1", At(index)))];
}
