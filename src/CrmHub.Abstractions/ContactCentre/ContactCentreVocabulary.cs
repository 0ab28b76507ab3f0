namespace CrmHub.Abstractions.ContactCentre;

// D10 vocabulary of the contact centre. Names are spelled exactly as in the contact-centre contract:
// the API and the events show them as strings.

/// <summary>D10: an agent's presence. Available, Break and AfterCallWork are set from the console; Busy and Offline are automatic.</summary>
[GenerateSerializer]
public enum AgentPresence
{
    Available,
    Busy,
    AfterCallWork,
    Break,
    Offline,
}

/// <summary>
/// D10: the channel a work item arrives on. Distinct from <c>CrmHub.Abstractions.Events.ContactChannel</c>
/// (the interaction timeline's channels): routing and agent capacity only know these three.
/// </summary>
[GenerateSerializer]
public enum ContactChannel
{
    Voice,
    Chat,
    Email,
}

/// <summary>D10: queue names the hub itself uses.</summary>
public static class QueueNames
{
    /// <summary>The queue new complaints (D9) are offered on.</summary>
    public const string Complaints = "complaints";
}
