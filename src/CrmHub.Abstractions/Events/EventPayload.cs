using System.Text.Json.Serialization;

namespace CrmHub.Abstractions.Events;

/// <summary>
/// The typed <c>data</c> of an interaction event. The JSON discriminator is the CloudEvents type,
/// so persisted state reads back into the right record.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.EventPayload")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(CustomerProfileChanged), EventTypes.CustomerProfile)]
[JsonDerivedType(typeof(PurchaseMade), EventTypes.Purchase)]
[JsonDerivedType(typeof(ContactMade), EventTypes.Contact)]
[JsonDerivedType(typeof(ComplaintRaised), EventTypes.Complaint)]
public abstract record EventPayload
{
    /// <summary>The CloudEvents <c>type</c> this payload belongs to.</summary>
    [JsonIgnore]
    public abstract string EventType { get; }
}

/// <summary>The CloudEvents types CrmHub accepts.</summary>
public static class EventTypes
{
    public const string CustomerProfile = "crm.customer.profile";
    public const string Purchase = "crm.purchase";
    public const string Contact = "crm.contact";
    public const string Complaint = "crm.complaint";

    public static IReadOnlyList<string> All { get; } = [CustomerProfile, Purchase, Contact, Complaint];
}

/// <summary><c>crm.customer.profile</c>: fields that are present replace the earlier values.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.CustomerProfileChanged")]
public sealed record CustomerProfileChanged(
    [property: Id(0)] string? Name,
    [property: Id(1)] CustomerSource? Source,
    [property: Id(2)] string? Region,
    [property: Id(3)] Settlement? Settlement,
    [property: Id(4)] string? Industry,
    [property: Id(5)] string? OwnerAgentId) : EventPayload
{
    public override string EventType => EventTypes.CustomerProfile;
}

/// <summary><c>crm.purchase</c>: an order; a missing cost is unknown, not zero.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.PurchaseMade")]
public sealed record PurchaseMade(
    [property: Id(0)] string OrderId,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] decimal? Cost,
    [property: Id(3)] string? Currency) : EventPayload
{
    public override string EventType => EventTypes.Purchase;
}

/// <summary><c>crm.contact</c>: an interaction on some channel.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ContactMade")]
public sealed record ContactMade(
    [property: Id(0)] ContactChannel Channel,
    [property: Id(1)] ContactDirection Direction,
    [property: Id(2)] string? AgentId,
    [property: Id(3)] string? Summary) : EventPayload
{
    public override string EventType => EventTypes.Contact;
}

/// <summary><c>crm.complaint</c>: a customer's expression of dissatisfaction (D9).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintRaised")]
public sealed record ComplaintRaised(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Description,
    [property: Id(3)] ComplaintCategory Category,
    [property: Id(4)] ComplaintSeverity Severity) : EventPayload
{
    public override string EventType => EventTypes.Complaint;
}
