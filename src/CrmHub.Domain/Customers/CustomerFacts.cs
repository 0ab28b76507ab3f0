using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Domain.Customers;

/// <summary>D7: an invoice event; a later invoice event with the same id (by event time) replaces the earlier one.</summary>
public sealed record InvoiceFact(string EventId, DateTimeOffset Time, string InvoiceId, decimal Amount, DateTimeOffset DueAt);

/// <summary>D7: money received, for one invoice or (without an invoice id) on account.</summary>
public sealed record PaymentFact(string EventId, DateTimeOffset Time, string? InvoiceId, decimal Amount);

/// <summary>D7: an invoice the company gave up collecting.</summary>
public sealed record WriteOffFact(string EventId, DateTimeOffset Time, string InvoiceId);

/// <summary>D8: one answered survey, with what agent statistics need later (SERVQUAL scores, agent, complaint).</summary>
public sealed record SurveyFact(
    string EventId,
    DateTimeOffset Time,
    SatisfactionLevel Level,
    ServqualScores? Servqual,
    string? AgentId,
    string? ComplaintId);

/// <summary>D11/D1: one MAN qualification; <see cref="Targeted"/> is null when the event did not say.</summary>
public sealed record ProspectFact(string EventId, DateTimeOffset Time, bool Money, bool Authority, bool Need, bool? Targeted);

/// <summary>D5: a manager designating (or un-designating) the customer a key account.</summary>
public sealed record DesignationFact(
    string EventId,
    DateTimeOffset Time,
    bool Designated,
    string? ManagerId,
    KeyAccountSensitivity? Sensitivity,
    int? VisitCadenceDays,
    string? Goals);

/// <summary>D6: when a complaint was first raised (a complaint raised again keeps its earliest time).</summary>
public sealed record RaisedComplaint(string ComplaintId, DateTimeOffset RaisedAt);
