using System.Collections.Immutable;
using CrmHub.Abstractions.Events;

namespace CrmHub.Abstractions.Complaints;

/// <summary>D9: the handling process, in order.</summary>
[GenerateSerializer]
public enum ComplaintStep
{
    Listen,
    Apologise,
    Ask,
    Record,
    Resolve,
    Close,
    Review,
}

[GenerateSerializer]
public enum ComplaintStatus
{
    /// <summary>Received, no agent has taken it yet.</summary>
    Open,

    /// <summary>An agent has taken it (listen) and is working on it.</summary>
    InProgress,

    Resolved,
    Closed,
    Reviewed,
}

/// <summary>What the customer grain knows when a complaint event arrives.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintOpening")]
public sealed record ComplaintOpening(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string CustomerName,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Description,
    [property: Id(5)] ComplaintCategory Category,
    [property: Id(6)] ComplaintSeverity Severity,
    [property: Id(7)] DateTimeOffset OpenedAt,
    [property: Id(8)] string? CustomerOwnerAgentId);

/// <summary>A recorded workflow step: who did what, when.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintStepRecord")]
public sealed record ComplaintStepRecord(
    [property: Id(0)] ComplaintStep Step,
    [property: Id(1)] string AgentId,
    [property: Id(2)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("crmhub.ComplaintView")]
public sealed record ComplaintView(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string CustomerName,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Description,
    [property: Id(5)] ComplaintCategory Category,
    [property: Id(6)] ComplaintSeverity Severity,
    [property: Id(7)] ComplaintStatus Status,
    [property: Id(8)] string? OwnerAgentId,
    [property: Id(9)] DateTimeOffset OpenedAt,
    [property: Id(10)] ImmutableArray<ComplaintStepRecord> Steps);

/// <summary>The answer to a step request: the updated complaint, or why the step was refused.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.StepResult")]
public sealed record StepResult(
    [property: Id(0)] StepOutcome Outcome,
    [property: Id(1)] ComplaintView? Complaint,
    [property: Id(2)] string? Reason,
    [property: Id(3)] ComplaintStep? NextAllowedStep);

[GenerateSerializer]
public enum StepOutcome
{
    Recorded,
    NotFound,
    OutOfOrder,
    OwnedByAnotherAgent,
}
