using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Abstractions.ContactCentre;

/// <summary>D10: how many work items of each channel an agent handles at once.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ChannelCapacity")]
public sealed record ChannelCapacity(
    [property: Id(0)] int Voice,
    [property: Id(1)] int Chat,
    [property: Id(2)] int Email)
{
    /// <summary>One call, three chats, five e-mails at once.</summary>
    public static ChannelCapacity Default { get; } = new(1, 3, 5);

    public int For(ContactChannel channel) => channel switch
    {
        ContactChannel.Voice => Voice,
        ContactChannel.Chat => Chat,
        ContactChannel.Email => Email,
        _ => 0,
    };

    public int Total => Voice + Chat + Email;
}

/// <summary>D10: an agent's routing profile: the teams (= the queues the agent serves), skills in text form, capacity.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.AgentProfile")]
public sealed record AgentProfile(
    [property: Id(0)] ImmutableArray<string> Teams,
    [property: Id(1)] ImmutableArray<string> Skills,
    [property: Id(2)] ChannelCapacity Capacity);

/// <summary>Where a work item held by an agent stands.</summary>
[GenerateSerializer]
public enum WorkItemState
{
    /// <summary>Offered to the agent, who has not answered yet; reserves capacity until it expires.</summary>
    Offered,

    /// <summary>Accepted: the agent works on it until it is completed or ends.</summary>
    Accepted,
}

/// <summary>A work item an agent holds (offered or accepted).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.AgentWorkItem")]
public sealed record AgentWorkItem(
    [property: Id(0)] string WorkItemId,
    [property: Id(1)] string Queue,
    [property: Id(2)] ContactChannel Channel,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] WorkItemState State,
    [property: Id(5)] DateTimeOffset Since,
    [property: Id(6)] DateTimeOffset? ExpiresAt = null);

/// <summary>An agent as <c>GET /api/v1/agents</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.AgentDeskView")]
public sealed record AgentDeskView(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] AgentPresence Presence,
    [property: Id(3)] DateTimeOffset PresenceSince,
    [property: Id(4)] string? PresenceReason,
    [property: Id(5)] ImmutableArray<string> Teams,
    [property: Id(6)] ImmutableArray<string> Skills,
    [property: Id(7)] ChannelCapacity Capacity,
    [property: Id(8)] ImmutableArray<AgentWorkItem> WorkItems,
    [property: Id(9)] double Occupancy,
    [property: Id(10)] int MissedOffersInARow);

/// <summary>
/// What a queue knows of one agent who serves it, published by the agent's desk whenever it changes (and renewed while
/// the agent has a console open). Only a hint for choosing: the desk itself decides every reservation.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.AgentAvailability")]
public sealed record AgentAvailability(
    [property: Id(0)] string AgentId,
    [property: Id(1)] long Version,
    [property: Id(2)] AgentPresence Presence,
    [property: Id(3)] ImmutableArray<string> Skills,
    [property: Id(4)] ChannelCapacity FreeCapacity,
    [property: Id(5)] double Occupancy,
    [property: Id(6)] DateTimeOffset IdleSince);

/// <summary>What a queue offers an agent.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.WorkOffer")]
public sealed record WorkOffer(
    [property: Id(0)] string WorkItemId,
    [property: Id(1)] string Queue,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] Tier Tier,
    [property: Id(4)] bool IsKeyAccount,
    [property: Id(5)] ContactChannel Channel,
    [property: Id(6)] DateTimeOffset OfferedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt);

/// <summary>The desk's answer to a reservation: reserved or not, and the agent's availability afterwards.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ReserveResult")]
public sealed record ReserveResult(
    [property: Id(0)] bool Reserved,
    [property: Id(1)] AgentAvailability Availability);

/// <summary>How an offer ended, as the desk tells the queue.</summary>
[GenerateSerializer]
public enum OfferOutcome
{
    /// <summary>The agent accepted: the item has been answered.</summary>
    Accepted,

    /// <summary>The agent declined: offer it to someone else.</summary>
    Declined,

    /// <summary>The offer timed out: offer it to someone else; counts as a missed offer.</summary>
    Expired,

    /// <summary>The desk no longer holds it (went offline, or never had it): offer it again.</summary>
    Released,

    /// <summary>The agent completed the accepted item: it has ended.</summary>
    Completed,
}

/// <summary>The outcome of a console action (presence, accept, decline, complete).</summary>
[GenerateSerializer]
public enum DeskActionOutcome
{
    Done,
    NotAllowed,
    UnknownItem,
    NotOfferedToYou,
    NotAccepted,
}

/// <summary>A console action's result; <see cref="Message"/> says why when it was refused.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.DeskActionResult")]
public sealed record DeskActionResult(
    [property: Id(0)] DeskActionOutcome Outcome,
    [property: Id(1)] string? Message = null)
{
    public static DeskActionResult Done { get; } = new(DeskActionOutcome.Done);

    public bool Succeeded => Outcome == DeskActionOutcome.Done;
}

/// <summary>
/// D10: one agent's desk: routing profile, presence and the work items it holds. The single authority on its own
/// capacity: queues ask it to reserve, and it says yes or no atomically. Key: the agent id (user name).
/// Kept apart from <c>IAgentGrain</c>, which stays the notification inbox.
/// </summary>
public interface IAgentDeskGrain : IGrainWithStringKey
{
    Task<AgentDeskView> GetView();

    /// <summary>Replaces the profile (persisted; overrides the configured defaults).</summary>
    Task<AgentDeskView> UpdateProfile(AgentProfile profile);

    /// <summary>Available, Break or AfterCallWork from the console; Busy and Offline are automatic (refused).</summary>
    Task<DeskActionResult> SetPresence(AgentPresence presence);

    /// <summary>How many of the agent's consoles a silo holds; repeated periodically (a lease). Zero everywhere → Offline after the grace period.</summary>
    Task ReportConsoles(string siloId, int openConsoles);

    /// <summary>Reserves capacity for an offer when the agent is Available with room on its channel.</summary>
    Task<ReserveResult> Reserve(WorkOffer offer);

    /// <summary>
    /// The queue's offer timeout: an item still offered is taken back (a missed offer); otherwise says what became of
    /// it. Idempotent.
    /// </summary>
    Task<OfferOutcome> Expire(string workItemId);

    /// <summary>The item was answered elsewhere, abandoned or ended: the desk lets go of it (telling the agent unless it ended).</summary>
    Task Revoke(string workItemId, string reason);

    Task<DeskActionResult> Accept(string workItemId);

    Task<DeskActionResult> Decline(string workItemId);

    Task<DeskActionResult> Complete(string workItemId);
}
