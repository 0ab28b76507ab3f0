namespace CrmHub.Abstractions.Crm;

// D9 vocabulary: complaint psychology, deadline (SLA) events and the answers to handling actions.
// Names are spelled exactly as in CRM-DOMAIN.md where the brief names them.

/// <summary>D9: what the complaining customer is after (an optional tag on the complaint).</summary>
[GenerateSerializer]
public enum ComplaintPsychology
{
    /// <summary>Wants to let off steam and be heard.</summary>
    Venting,

    /// <summary>Wants acknowledgement and an apology.</summary>
    Respect,

    /// <summary>Wants financial or emotional compensation.</summary>
    Remedy,
}

/// <summary>
/// D9: the escalation points of a complaint's two deadlines, in the order they fall for one deadline:
/// a warning at 80% of the time (default), a breach at 100%.
/// </summary>
[GenerateSerializer]
public enum SlaEventKind
{
    FirstResponseWarning,
    FirstResponseBreach,
    ResolutionWarning,
    ResolutionBreach,
}

/// <summary>D9: the answer to a handling action (a workflow step or a tag) on a complaint.</summary>
[GenerateSerializer]
public enum ComplaintActionOutcome
{
    /// <summary>The action was recorded.</summary>
    Accepted,

    /// <summary>The step is not the one the process allows now (or the process is complete).</summary>
    OutOfOrder,

    /// <summary>The step's details are missing, empty or belong to another step.</summary>
    InvalidPayload,

    /// <summary>Closing was refused: the customer has not agreed to the latest proposed solution.</summary>
    CustomerNotAgreed,

    /// <summary>Only a supervisor may take this action (the malicious flag).</summary>
    SupervisorOnly,
}
