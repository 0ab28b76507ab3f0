using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Abstractions.Customers;

/// <summary>The customer 360 view (D12): profile, derived CRM facts and the latest timeline entries.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.CustomerView")]
public sealed record CustomerView(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] CustomerProfile Profile,
    [property: Id(2)] LifecycleStage LifecycleStage,
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
