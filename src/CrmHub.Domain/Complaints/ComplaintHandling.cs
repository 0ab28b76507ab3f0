using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Complaints;

/// <summary>
/// D9: what the handling rules know about one complaint: its deadlines (fixed when it was opened), the
/// steps taken, the details the steps carried, the optional tags and the deadline events already fired.
/// </summary>
public sealed record ComplaintHandling(
    ComplaintDeadlines Deadlines,
    ImmutableArray<ComplaintStepRecord> Steps,
    ImmutableArray<ComplaintResolution> Resolutions,
    ComplaintReview? Review,
    ComplaintPsychology? Psychology,
    MaliciousFlag? Malicious,
    ImmutableArray<SlaEvent> FiredSlaEvents)
{
    /// <summary>
    /// D9: a complaint just opened, its deadlines set by the customer's tier at opening. They are computed
    /// once here (our choice), so a later tier or settings change does not move an open complaint's clock.
    /// </summary>
    public static ComplaintHandling Open(DateTimeOffset openedAt, Tier tier, ComplaintSlaSettings settings) =>
        new(ComplaintSla.DeadlinesFor(tier, openedAt, settings), [], [], null, null, null, []);

    /// <summary>D9: the instant the complaint's clock starts.</summary>
    public DateTimeOffset OpenedAt => Deadlines.OpenedAt;

    /// <summary>D9: the solution proposed last, or null before the first <c>resolve</c>.</summary>
    public ComplaintResolution? LatestResolution => Resolutions.IsEmpty ? null : Resolutions[^1];

    /// <summary>D9: the breaches recorded on the complaint (kind and the instant the deadline passed).</summary>
    public ImmutableArray<SlaEvent> Breaches => [.. FiredSlaEvents.Where(fired => ComplaintSla.IsBreach(fired.Kind))];

    /// <summary>D9: when the given step was first taken, or null when it has not been.</summary>
    public DateTimeOffset? FirstTakenAt(ComplaintStep step) =>
        Steps.Where(taken => taken.Step == step).Select(taken => (DateTimeOffset?)taken.At).FirstOrDefault();
}

/// <summary>D9 step 5: a proposed solution and whether the customer agreed to it.</summary>
public sealed record ComplaintResolution(string Solution, bool CustomerAgreed, string AgentId, DateTimeOffset At);

/// <summary>D9 step 7: what the company learns from the complaint, and optional feedback for the product.</summary>
public sealed record ComplaintReview(string Lessons, string? ProductFeedback, string AgentId, DateTimeOffset At);

/// <summary>D9: a supervisor's judgement that the complaint is malicious, with the reason.</summary>
public sealed record MaliciousFlag(string Reason, string SupervisorId, DateTimeOffset At);

/// <summary>The details a workflow step carries; only <c>resolve</c> and <c>review</c> carry any.</summary>
public abstract record StepPayload;

/// <summary>D9 step 5: the solution proposed and whether the customer agreed to it.</summary>
public sealed record ResolvePayload(string Solution, bool CustomerAgreed) : StepPayload;

/// <summary>D9 step 7: the lessons learnt (required) and optional product feedback.</summary>
public sealed record ReviewPayload(string Lessons, string? ProductFeedback) : StepPayload;

/// <summary>
/// The answer to a handling action: the complaint after it (unchanged when refused), why it was refused,
/// and the step that moves the process on from here (null when the process is complete).
/// </summary>
public sealed record ComplaintDecision(
    ComplaintActionOutcome Outcome,
    ComplaintHandling Handling,
    string? Reason,
    ComplaintStep? NextAllowedStep)
{
    /// <summary>Whether the action was recorded.</summary>
    public bool Accepted => Outcome == ComplaintActionOutcome.Accepted;
}
