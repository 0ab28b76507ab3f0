using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
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

/// <summary>D9: a complaint's two deadlines: the first response (met by <c>apologise</c>) and the resolution (met by <c>resolve</c>).</summary>
[GenerateSerializer]
public enum ComplaintDeadline
{
    FirstResponse,
    Resolution,
}

/// <summary>
/// What the customer grain knows when a complaint event arrives, including the customer's tier at opening (D2; it
/// fixes the complaint's deadlines, D9) and its key-account manager when the customer is a key account (D5).
/// </summary>
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
    [property: Id(8)] string? CustomerOwnerAgentId,
    [property: Id(9)] Tier Tier = Tier.Lead,
    [property: Id(10)] string? KeyAccountManagerId = null);

/// <summary>A recorded workflow step: who did what, when.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintStepRecord")]
public sealed record ComplaintStepRecord(
    [property: Id(0)] ComplaintStep Step,
    [property: Id(1)] string AgentId,
    [property: Id(2)] DateTimeOffset At);

/// <summary>
/// The details a step request carries: <c>resolve</c> needs <see cref="Solution"/> and <see cref="CustomerAgreed"/>,
/// <c>review</c> needs <see cref="Lessons"/> and may carry <see cref="ProductFeedback"/>; the other steps carry none.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.StepDetails")]
public sealed record StepDetails(
    [property: Id(0)] string? Solution = null,
    [property: Id(1)] bool? CustomerAgreed = null,
    [property: Id(2)] string? Lessons = null,
    [property: Id(3)] string? ProductFeedback = null);

/// <summary>
/// A change of the optional tags: <see cref="Psychology"/> replaces the psychology tag (null clears it);
/// <see cref="Malicious"/> sets (with <see cref="MaliciousReason"/>) or clears the malicious flag, or leaves it as it is when null.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintTagChange")]
public sealed record ComplaintTagChange(
    [property: Id(0)] ComplaintPsychology? Psychology,
    [property: Id(1)] bool? Malicious = null,
    [property: Id(2)] string? MaliciousReason = null);

/// <summary>D9 step 5: a proposed solution and whether the customer agreed, by whom and when.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintResolutionView")]
public sealed record ComplaintResolutionView(
    [property: Id(0)] string Solution,
    [property: Id(1)] bool CustomerAgreed,
    [property: Id(2)] string AgentId,
    [property: Id(3)] DateTimeOffset At);

/// <summary>D9 step 7: what was learnt, optional product feedback, by whom and when.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintReviewView")]
public sealed record ComplaintReviewView(
    [property: Id(0)] string Lessons,
    [property: Id(1)] string? ProductFeedback,
    [property: Id(2)] string AgentId,
    [property: Id(3)] DateTimeOffset At);

/// <summary>D9: a deadline the complaint missed (recorded when it passed).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintBreach")]
public sealed record ComplaintBreach(
    [property: Id(0)] ComplaintDeadline Kind,
    [property: Id(1)] DateTimeOffset DueAt);

/// <summary>D9: the optional tags: the customer's psychology and a supervisor's malicious flag with its reason.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintTags")]
public sealed record ComplaintTags(
    [property: Id(0)] ComplaintPsychology? Psychology,
    [property: Id(1)] bool Malicious,
    [property: Id(2)] string? MaliciousReason,
    [property: Id(3)] string? MaliciousFlaggedBy);

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
    [property: Id(10)] ImmutableArray<ComplaintStepRecord> Steps,
    [property: Id(11)] Tier Tier,
    [property: Id(12)] DateTimeOffset FirstResponseDueAt,
    [property: Id(13)] DateTimeOffset ResolutionDueAt,
    [property: Id(14)] ImmutableArray<ComplaintBreach> Breaches,
    [property: Id(15)] ComplaintTags Tags,
    [property: Id(16)] ImmutableArray<ComplaintResolutionView> Resolutions,
    [property: Id(17)] ComplaintReviewView? Review,
    [property: Id(18)] ComplaintStep? NextAllowedStep,
    [property: Id(19)] string? KeyAccountManagerId);

/// <summary>
/// The answer to a step or tag request: the updated complaint, or why it was refused (<see cref="Field"/> names
/// the request field at fault when the details were invalid).
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.StepResult")]
public sealed record StepResult(
    [property: Id(0)] StepOutcome Outcome,
    [property: Id(1)] ComplaintView? Complaint,
    [property: Id(2)] string? Reason,
    [property: Id(3)] ComplaintStep? NextAllowedStep,
    [property: Id(4)] string? Field = null);

[GenerateSerializer]
public enum StepOutcome
{
    Recorded,
    NotFound,
    OutOfOrder,
    OwnedByAnotherAgent,

    /// <summary>The step's details are missing, empty or belong to another step (<see cref="StepResult.Field"/> says which).</summary>
    InvalidPayload,

    /// <summary><c>close</c> without the customer's agreement to the latest solution.</summary>
    CustomerNotAgreed,

    /// <summary>Only a supervisor may set or clear the malicious flag.</summary>
    SupervisorOnly,
}
