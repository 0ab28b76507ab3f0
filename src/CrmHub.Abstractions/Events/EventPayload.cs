using System.Text.Json.Serialization;
using CrmHub.Abstractions.Crm;

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
[JsonDerivedType(typeof(InvoiceIssued), EventTypes.Invoice)]
[JsonDerivedType(typeof(PaymentReceived), EventTypes.Payment)]
[JsonDerivedType(typeof(RefundIssued), EventTypes.Refund)]
[JsonDerivedType(typeof(InvoiceWrittenOff), EventTypes.InvoiceWrittenOff)]
[JsonDerivedType(typeof(SurveyAnswered), EventTypes.Survey)]
[JsonDerivedType(typeof(ProspectQualified), EventTypes.Prospect)]
[JsonDerivedType(typeof(KeyAccountDesignated), EventTypes.KeyAccountDesignation)]
[JsonDerivedType(typeof(ContactOffered), EventTypes.ContactOffered)]
[JsonDerivedType(typeof(ContactAnswered), EventTypes.ContactAnswered)]
[JsonDerivedType(typeof(ContactAbandoned), EventTypes.ContactAbandoned)]
[JsonDerivedType(typeof(ContactEnded), EventTypes.ContactEnded)]
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
    public const string Invoice = "crm.invoice";
    public const string Payment = "crm.payment";
    public const string Refund = "crm.refund";
    public const string InvoiceWrittenOff = "crm.invoice.writtenoff";
    public const string Survey = "crm.survey";
    public const string Prospect = "crm.prospect";
    public const string KeyAccountDesignation = "crm.keyaccount.designation";
    public const string ContactOffered = "crm.contact.offered";
    public const string ContactAnswered = "crm.contact.answered";
    public const string ContactAbandoned = "crm.contact.abandoned";
    public const string ContactEnded = "crm.contact.ended";

    public static IReadOnlyList<string> All { get; } =
        [CustomerProfile, Purchase, Contact, Complaint, Invoice, Payment, Refund, InvoiceWrittenOff, Survey, Prospect, KeyAccountDesignation,
        ContactOffered, ContactAnswered, ContactAbandoned, ContactEnded];
}

/// <summary><c>crm.customer.profile</c>: fields that are present replace the earlier values.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.CustomerProfileChanged")]
public sealed record CustomerProfileChanged(
    [property: Id(0)] string? Name,
    [property: Id(1)] CustomerSource? Source,
    [property: Id(2)] string? Region,
    [property: Id(3)] Settlement? Settlement,
    [property: Id(4)] string? Industry,
    [property: Id(5)] string? OwnerAgentId,
    [property: Id(6)] ValueStyle? ValueStyle = null,
    [property: Id(7)] KeyAccountSensitivity? Sensitivity = null) : EventPayload
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

/// <summary><c>crm.invoice</c>: money the customer owes by <see cref="DueAt"/> (D7).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.InvoiceIssued")]
public sealed record InvoiceIssued(
    [property: Id(0)] string InvoiceId,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] DateTimeOffset DueAt) : EventPayload
{
    public override string EventType => EventTypes.Invoice;
}

/// <summary><c>crm.payment</c>: money received, for one invoice or on account (D7).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.PaymentReceived")]
public sealed record PaymentReceived(
    [property: Id(0)] string? InvoiceId,
    [property: Id(1)] decimal Amount) : EventPayload
{
    public override string EventType => EventTypes.Payment;
}

/// <summary><c>crm.refund</c>: money paid back for an order; lowers the profit contribution (D2).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.RefundIssued")]
public sealed record RefundIssued(
    [property: Id(0)] string OrderId,
    [property: Id(1)] decimal Amount) : EventPayload
{
    public override string EventType => EventTypes.Refund;
}

/// <summary><c>crm.invoice.writtenoff</c>: the invoice will not be paid; the customer is bad debt (D7).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.InvoiceWrittenOff")]
public sealed record InvoiceWrittenOff([property: Id(0)] string InvoiceId) : EventPayload
{
    public override string EventType => EventTypes.InvoiceWrittenOff;
}

/// <summary><c>crm.survey</c>: the customer's satisfaction (D8), optionally with SERVQUAL scores 1–5.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.SurveyAnswered")]
public sealed record SurveyAnswered(
    [property: Id(0)] SatisfactionLevel Satisfaction,
    [property: Id(1)] ServqualScores? Servqual,
    [property: Id(2)] string? AgentId,
    [property: Id(3)] string? ComplaintId) : EventPayload
{
    public override string EventType => EventTypes.Survey;
}

/// <summary>SERVQUAL scores (D8), each 1–5 when given.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ServqualScores")]
public sealed record ServqualScores(
    [property: Id(0)] int? Tangibles,
    [property: Id(1)] int? Empathy,
    [property: Id(2)] int? Assurance,
    [property: Id(3)] int? Responsiveness,
    [property: Id(4)] int? Reliability);

/// <summary><c>crm.prospect</c>: MAN qualification of a potential customer (D11); <see cref="Targeted"/> makes it a Target (D1).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ProspectQualified")]
public sealed record ProspectQualified(
    [property: Id(0)] bool Money,
    [property: Id(1)] bool Authority,
    [property: Id(2)] bool Need,
    [property: Id(3)] bool? Targeted) : EventPayload
{
    public override string EventType => EventTypes.Prospect;
}

/// <summary><c>crm.keyaccount.designation</c>: a manager designates (or un-designates) a key account (D5).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.KeyAccountDesignated")]
public sealed record KeyAccountDesignated(
    [property: Id(0)] bool Designated,
    [property: Id(1)] string? ManagerId,
    [property: Id(2)] KeyAccountSensitivity? Sensitivity,
    [property: Id(3)] int? VisitCadenceDays,
    [property: Id(4)] string? Goals) : EventPayload
{
    public override string EventType => EventTypes.KeyAccountDesignation;
}
