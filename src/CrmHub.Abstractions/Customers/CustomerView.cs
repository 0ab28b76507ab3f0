using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Abstractions.Customers;

/// <summary>
/// The customer 360 view (D12): profile, the CRM classification and value figures computed as of the moment the view
/// was read (D1–D8, D11), and the latest timeline entries.
/// </summary>
/// <param name="CustomerId">The customer id (the CloudEvents subject).</param>
/// <param name="Profile">What is known about who the customer is (the latest value of each field).</param>
/// <param name="LifecycleStage">D1: NonCustomer, Potential, Target, FirstTime, Repeat, Loyal or Churned.</param>
/// <param name="WinBacks">D1: how many times the customer came back after churning.</param>
/// <param name="Source">D1: the profile's source, repeated at the top level as the milestone lists it.</param>
/// <param name="Region">D1: the profile's region code.</param>
/// <param name="Settlement">D1: the profile's settlement.</param>
/// <param name="Receivables">D7: receivables class and the age of the oldest overdue invoice.</param>
/// <param name="ProfitContribution">D1: profit-contribution class (Core and VIP need the pyramid tier).</param>
/// <param name="Behaviour">D6: Active, Dormant or Churned; null before the first purchase.</param>
/// <param name="ChurnRisk">D6: churn state group, score and signals.</param>
/// <param name="ValueStyle">D1: the value-creating style from the profile.</param>
/// <param name="Tier">D2: the pyramid tier from this silo's cached cut-offs (Lead for everyone until the pyramid first computes them).</param>
/// <param name="Profit12Months">D2: revenue − cost − refunds over the rolling 12 months.</param>
/// <param name="Clv">D3: lifetime value with its inputs.</param>
/// <param name="RelationshipLevel">D4: Kotler's relationship level.</param>
/// <param name="KeyAccount">D5: key-account status, manager, strategies and visits.</param>
/// <param name="Satisfaction">D8: the latest satisfaction level and its history.</param>
/// <param name="Man">D11: the latest MAN qualification; null when the customer was never qualified.</param>
/// <param name="PurchaseCount">How many purchases the customer made.</param>
/// <param name="TotalRevenue">The sum of every purchase amount.</param>
/// <param name="FirstPurchaseAt">The first purchase, if any.</param>
/// <param name="LastPurchaseAt">The latest purchase, if any.</param>
/// <param name="OpenComplaints">The customer's complaints not closed yet.</param>
/// <param name="Timeline">The newest timeline entries, newest first.</param>
[GenerateSerializer, Immutable, Alias("crmhub.CustomerView")]
public sealed record CustomerView(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] CustomerProfile Profile,
    [property: Id(2)] LifecycleStage LifecycleStage,
    [property: Id(9)] int WinBacks,
    [property: Id(10)] CustomerSource? Source,
    [property: Id(11)] string? Region,
    [property: Id(12)] Settlement? Settlement,
    [property: Id(13)] ReceivablesView Receivables,
    [property: Id(14)] ProfitContribution ProfitContribution,
    [property: Id(15)] Behaviour? Behaviour,
    [property: Id(16)] ChurnRiskView ChurnRisk,
    [property: Id(17)] ValueStyle? ValueStyle,
    [property: Id(18)] Tier? Tier,
    [property: Id(19)] decimal Profit12Months,
    [property: Id(20)] ClvView Clv,
    [property: Id(21)] RelationshipLevel RelationshipLevel,
    [property: Id(22)] KeyAccountView KeyAccount,
    [property: Id(23)] SatisfactionView Satisfaction,
    [property: Id(24)] ManView? Man,
    [property: Id(3)] int PurchaseCount,
    [property: Id(4)] decimal TotalRevenue,
    [property: Id(5)] DateTimeOffset? FirstPurchaseAt,
    [property: Id(6)] DateTimeOffset? LastPurchaseAt,
    [property: Id(7)] ImmutableArray<OpenComplaint> OpenComplaints,
    [property: Id(8)] ImmutableArray<TimelineEntry> Timeline);

/// <summary>What is known about who the customer is.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.CustomerProfile")]
public sealed record CustomerProfile(
    [property: Id(0)] string? Name,
    [property: Id(1)] CustomerSource? Source,
    [property: Id(2)] string? Region,
    [property: Id(3)] Settlement? Settlement,
    [property: Id(4)] string? Industry,
    [property: Id(5)] string? OwnerAgentId,
    [property: Id(6)] ValueStyle? ValueStyle = null,
    [property: Id(7)] KeyAccountSensitivity? Sensitivity = null)
{
    public static CustomerProfile Empty { get; } = new(null, null, null, null, null, null);
}

/// <summary>A complaint of this customer that is not closed yet.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.OpenComplaint")]
public sealed record OpenComplaint(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] string Subject,
    [property: Id(2)] DateTimeOffset OpenedAt);

/// <summary>One interaction on the customer's timeline, newest first in views.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Source,
    [property: Id(2)] string Type,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] string Summary);
