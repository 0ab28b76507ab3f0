using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Complaints;

/// <summary>D9: the seven handling steps, taken strictly in order.</summary>
public static class ComplaintWorkflow
{
    private static readonly ComplaintStep[] InOrder = Enum.GetValues<ComplaintStep>();

    public static IReadOnlyList<ComplaintStep> Order { get; } = Array.AsReadOnly(InOrder);

    /// <summary>
    /// D9: the only step that may be recorded next, or null when the process is complete. Decided by the
    /// last step taken, so a repeated <c>resolve</c> (a new proposal) still leads on to <c>close</c>.
    /// </summary>
    public static ComplaintStep? NextAllowed(ImmutableArray<ComplaintStepRecord> recorded)
    {
        if (recorded.IsEmpty)
            return Order[0];
        var following = Array.IndexOf(InOrder, recorded[^1].Step) + 1;
        return following < Order.Count ? Order[following] : null;
    }

    /// <summary>The status a complaint has after the given steps.</summary>
    public static ComplaintStatus StatusAfter(ImmutableArray<ComplaintStepRecord> recorded) =>
        recorded.IsEmpty ? ComplaintStatus.Open : recorded[^1].Step switch
        {
            ComplaintStep.Resolve => ComplaintStatus.Resolved,
            ComplaintStep.Close => ComplaintStatus.Closed,
            ComplaintStep.Review => ComplaintStatus.Reviewed,
            _ => ComplaintStatus.InProgress,
        };

    /// <summary>
    /// D9: the step that moves the process on: the next in order, except that after a solution the customer
    /// did not agree to it is <c>resolve</c> again (propose another solution); null when the process is complete.
    /// </summary>
    public static ComplaintStep? NextAllowed(ComplaintHandling handling) =>
        AwaitsAnotherProposal(handling) ? ComplaintStep.Resolve : NextAllowed(handling.Steps);

    /// <summary>
    /// D9: the status after the steps taken. Our choice: a complaint whose latest proposed solution the
    /// customer refused is still in progress, not resolved.
    /// </summary>
    public static ComplaintStatus StatusAfter(ComplaintHandling handling) =>
        AwaitsAnotherProposal(handling) ? ComplaintStatus.InProgress : StatusAfter(handling.Steps);

    /// <summary>
    /// D9: takes a handling step if it is the one allowed now and its details are valid: <c>resolve</c> needs a
    /// <see cref="ResolvePayload"/> with a non-empty solution, <c>review</c> a <see cref="ReviewPayload"/> with
    /// non-empty lessons, the other steps no details; <c>close</c> needs the customer's agreement to the latest
    /// solution. <c>resolve</c> may be taken again while the latest solution was not agreed (our reading of
    /// "the latest resolution": the agent proposes until the customer agrees). Ownership is checked by the caller.
    /// </summary>
    public static ComplaintDecision Take(
        ComplaintHandling handling, ComplaintStep step, string agentId, DateTimeOffset at, StepPayload? payload = null)
    {
        var next = NextAllowed(handling);
        if (next is null)
            return Refuse(ComplaintActionOutcome.OutOfOrder, handling, "The complaint has completed every step.");
        if (step == ComplaintStep.Close && AwaitsAnotherProposal(handling))
            return Refuse(ComplaintActionOutcome.CustomerNotAgreed, handling,
                "The customer has not agreed to the latest solution; propose another one ('resolve') before closing.");
        if (step != next)
            return Refuse(ComplaintActionOutcome.OutOfOrder, handling, $"The next step of this complaint is '{Name(next.Value)}'.");
        if (PayloadProblem(step, payload) is { } problem)
            return Refuse(ComplaintActionOutcome.InvalidPayload, handling, problem);

        var taken = handling with { Steps = handling.Steps.Add(new ComplaintStepRecord(step, agentId, at)) };
        taken = payload switch
        {
            ResolvePayload resolve => taken with
            {
                Resolutions = taken.Resolutions.Add(new ComplaintResolution(resolve.Solution.Trim(), resolve.CustomerAgreed, agentId, at)),
            },
            ReviewPayload review => taken with
            {
                Review = new ComplaintReview(review.Lessons.Trim(), Blank(review.ProductFeedback) ? null : review.ProductFeedback!.Trim(), agentId, at),
            },
            _ => taken,
        };
        return Accept(taken);
    }

    /// <summary>D9: records (or with null clears) the optional psychology tag; allowed at any time.</summary>
    public static ComplaintDecision TagPsychology(ComplaintHandling handling, ComplaintPsychology? psychology) =>
        psychology is { } tag && !Enum.IsDefined(tag)
            ? Refuse(ComplaintActionOutcome.InvalidPayload, handling, $"'{tag}' is not a complaint psychology.")
            : Accept(handling with { Psychology = psychology });

    /// <summary>
    /// D9: flags the complaint as malicious (a reason is required) or, with <paramref name="malicious"/> false,
    /// clears the flag. Only a supervisor may do either (our choice: clearing overrules a supervisor's judgement,
    /// so it needs one too); allowed at any time.
    /// </summary>
    public static ComplaintDecision FlagMalicious(
        ComplaintHandling handling, bool malicious, string? reason, string agentId, bool isSupervisor, DateTimeOffset at)
    {
        if (!isSupervisor)
            return Refuse(ComplaintActionOutcome.SupervisorOnly, handling, "Only a supervisor may mark a complaint as malicious or clear the mark.");
        if (!malicious)
            return Accept(handling with { Malicious = null });
        return Blank(reason)
            ? Refuse(ComplaintActionOutcome.InvalidPayload, handling, "A malicious flag needs a reason.")
            : Accept(handling with { Malicious = new MaliciousFlag(reason!.Trim(), agentId, at) });
    }

    private static bool AwaitsAnotherProposal(ComplaintHandling handling) =>
        !handling.Steps.IsEmpty && handling.Steps[^1].Step == ComplaintStep.Resolve && handling.LatestResolution is { CustomerAgreed: false };

    private static string? PayloadProblem(ComplaintStep step, StepPayload? payload) => (step, payload) switch
    {
        (ComplaintStep.Resolve, ResolvePayload resolve) => Blank(resolve.Solution) ? "'resolve' needs the solution proposed to the customer." : null,
        (ComplaintStep.Resolve, _) => "'resolve' needs the solution proposed and whether the customer agreed.",
        (ComplaintStep.Review, ReviewPayload review) => Blank(review.Lessons) ? "'review' needs the lessons learnt." : null,
        (ComplaintStep.Review, _) => "'review' needs the lessons learnt.",
        (_, null) => null,
        _ => $"'{Name(step)}' takes no details.",
    };

    private static ComplaintDecision Accept(ComplaintHandling handling) =>
        new(ComplaintActionOutcome.Accepted, handling, null, NextAllowed(handling));

    private static ComplaintDecision Refuse(ComplaintActionOutcome outcome, ComplaintHandling handling, string reason) =>
        new(outcome, handling, reason, NextAllowed(handling));

    private static string Name(ComplaintStep step) => step.ToString().ToLowerInvariant();

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);
}
