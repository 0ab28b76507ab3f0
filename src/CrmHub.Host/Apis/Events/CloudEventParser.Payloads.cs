using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Host.Apis.Events;

public static partial class CloudEventParser
{
    /// <summary>
    /// The typed <c>data</c> of each accepted event type. A required field that is missing or bad is reported by its
    /// reader and stands in as a default here; the event is then dropped, so a default never reaches a grain.
    /// </summary>
    private static EventPayload? ReadPayload(string type, FieldReader data, string? eventId) => type switch
    {
        EventTypes.CustomerProfile => new CustomerProfileChanged(
            data.Text("name"),
            data.Enum<CustomerSource>("source"),
            data.Text("region"),
            data.Enum<Settlement>("settlement"),
            data.Text("industry"),
            data.Identifier("ownerAgentId"),
            data.Enum<ValueStyle>("valueStyle"),
            data.Enum<KeyAccountSensitivity>("sensitivity")),
        EventTypes.Purchase => new PurchaseMade(
            data.Text("orderId", required: true) ?? "",
            PositiveAmount(data),
            data.Amount("cost"),
            data.Currency("currency")),
        EventTypes.Contact => new ContactMade(
            data.Enum<ContactChannel>("channel", required: true) ?? default,
            data.Enum<ContactDirection>("direction", required: true) ?? default,
            data.Identifier("agentId"),
            data.Text("summary", FieldReader.MaxTextLength)),
        EventTypes.Complaint => new ComplaintRaised(
            data.Identifier("complaintId") ?? eventId ?? "",
            data.Text("subject", required: true) ?? "",
            data.Text("description", FieldReader.MaxTextLength, required: true) ?? "",
            data.Enum<ComplaintCategory>("category", required: true) ?? default,
            data.Enum<ComplaintSeverity>("severity") ?? ComplaintSeverity.Normal),
        EventTypes.Invoice => new InvoiceIssued(
            data.Text("invoiceId", required: true) ?? "",
            PositiveAmount(data),
            data.Timestamp("dueAt") ?? default),
        EventTypes.Payment => new PaymentReceived(
            data.Text("invoiceId"),
            PositiveAmount(data)),
        EventTypes.Refund => new RefundIssued(
            data.Text("orderId", required: true) ?? "",
            PositiveAmount(data)),
        EventTypes.InvoiceWrittenOff => new InvoiceWrittenOff(
            data.Text("invoiceId", required: true) ?? ""),
        EventTypes.Survey => new SurveyAnswered(
            data.Enum<SatisfactionLevel>("satisfaction", required: true) ?? default,
            data.Object("servqual") is { } servqual ? ReadServqual(servqual) : null,
            data.Identifier("agentId"),
            data.Identifier("complaintId")),
        EventTypes.Prospect => new ProspectQualified(
            data.Boolean("money", required: true) ?? false,
            data.Boolean("authority", required: true) ?? false,
            data.Boolean("need", required: true) ?? false,
            data.Boolean("targeted")),
        EventTypes.KeyAccountDesignation => new KeyAccountDesignated(
            data.Boolean("designated", required: true) ?? false,
            data.Identifier("managerId"),
            data.Enum<KeyAccountSensitivity>("sensitivity"),
            data.Integer("visitCadenceDays", 1, 366),
            data.Text("goals", FieldReader.MaxTextLength)),
        EventTypes.ContactOffered or EventTypes.ContactAnswered or EventTypes.ContactAbandoned or EventTypes.ContactEnded =>
            ReadContactCentrePayload(type, data),
        _ => null,
    };

    /// <summary>The required <c>amount</c> of a purchase, invoice, payment or refund: greater than 0.</summary>
    private static decimal PositiveAmount(FieldReader data) => data.Amount("amount", required: true, mustBePositive: true) ?? 0;

    /// <summary>D8: SERVQUAL scores, each optional and a whole number from 1 to 5.</summary>
    private static ServqualScores ReadServqual(FieldReader servqual) => new(
        ServqualScore(servqual, "tangibles"),
        ServqualScore(servqual, "empathy"),
        ServqualScore(servqual, "assurance"),
        ServqualScore(servqual, "responsiveness"),
        ServqualScore(servqual, "reliability"));

    private static int? ServqualScore(FieldReader servqual, string dimension) => servqual.Integer(dimension, 1, 5);
}
