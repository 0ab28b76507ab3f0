using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Complaints;
using CrmHub.Domain.Customers;
using CrmHub.Domain.Inboxes;
using CrmHub.Domain.Lifecycle;
using CrmHub.Domain.Value;

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

    public static InteractionEvent Visit(DateTimeOffset time, string agentId = "agent-1") =>
        Event(time, new ContactMade(ContactChannel.Visit, ContactDirection.Outbound, agentId, null));

    /// <summary>A complaint opened at <see cref="T0"/> by a customer of the given tier, with the default deadlines.</summary>
    public static ComplaintHandling OpenHandling(Tier tier = Tier.Gold) =>
        ComplaintHandling.Open(T0, tier, ComplaintSlaSettings.Default);

    /// <summary>The details the happy path gives a step: an agreed solution for resolve, lessons for review, else none.</summary>
    public static StepPayload? HappyPayload(ComplaintStep step) => step switch
    {
        ComplaintStep.Resolve => new ResolvePayload("Replace the unit", CustomerAgreed: true),
        ComplaintStep.Review => new ReviewPayload("Check the packaging", ProductFeedback: null),
        _ => null,
    };

    /// <summary>Takes a step by agent-1 at <see cref="At"/>(minutes) with the given (else the happy) details; the step must be accepted.</summary>
    public static ComplaintHandling Then(this ComplaintHandling handling, ComplaintStep step, double atMinutes, StepPayload? payload = null)
    {
        var decision = ComplaintWorkflow.Take(handling, step, "agent-1", At(atMinutes), payload ?? HappyPayload(step));
        decision.Outcome.ShouldBe(ComplaintActionOutcome.Accepted, decision.Reason);
        return decision.Handling;
    }

    /// <summary>A complaint that has taken the first <paramref name="count"/> happy-path steps, one a minute from <see cref="T0"/>.</summary>
    public static ComplaintHandling HandledThrough(int count, Tier tier = Tier.Gold) =>
        ComplaintWorkflow.Order.Take(count).Index().Aggregate(OpenHandling(tier), (handling, taken) => handling.Then(taken.Item, taken.Index));

    /// <summary><see cref="T0"/> moved by whole or fractional days (negative: before T0).</summary>
    public static DateTimeOffset Day(double days) => T0.AddDays(days);

    /// <summary>A purchase fact for the value rules; a null cost is unknown.</summary>
    public static PurchaseFact Bought(DateTimeOffset time, decimal amount, decimal? cost = null) =>
        new($"evt-{time.UtcTicks}", $"O-{time.UtcTicks}", time, amount, cost);

    public static RefundFact Refunded(DateTimeOffset time, decimal amount) =>
        new($"evt-r-{time.UtcTicks}", $"O-{time.UtcTicks}", time, amount);

    /// <summary>One customer's window figures with this profit: revenue as given (else the profit, or 0 for a loss), cost the rest.</summary>
    public static RollingProfit Earned(decimal profit, decimal? revenue = null)
    {
        var earned = revenue ?? Math.Max(profit, 0m);
        return new(earned, earned - profit, 0m);
    }

    /// <summary>A population of one customer per profit, each with <see cref="Earned"/>'s revenue.</summary>
    public static ProfitDistribution Population(IEnumerable<decimal> profits) => ProfitDistribution.Of(profits.Select(profit => Earned(profit)));

    /// <summary><see cref="Day"/> for each day number, in the order given.</summary>
    public static ImmutableArray<DateTimeOffset> Days(params double[] days) => [.. days.Select(Day)];

    /// <summary>D1 facts of a known party with a need who bought at these times; no manual mark; satisfaction as given.</summary>
    public static LifecycleFacts Buyer(IEnumerable<DateTimeOffset> purchases, SatisfactionLevel? satisfaction = null) =>
        new([.. purchases], HasKnownNeed: true, Targeted: false, MarkedNonCustomer: false, satisfaction);

    /// <summary>D6 churn-risk facts: these purchases, and no complaint, satisfaction record or overdue invoice unless given.</summary>
    public static ChurnRiskFacts RiskFacts(
        IEnumerable<DateTimeOffset> purchases,
        int openComplaints = 0,
        IEnumerable<DateTimeOffset>? complaints = null,
        SatisfactionLevel? latest = null,
        SatisfactionLevel? previous = null,
        int overdueDays = 0) =>
        new([.. purchases], openComplaints, [.. complaints ?? []], latest, previous, overdueDays);
}
