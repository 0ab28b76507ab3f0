using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Abstractions.Agents;

/// <summary>D10: a work item is offered to the agent until <see cref="ExpiresAt"/>; answer with Accept or Decline.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.Assignment")]
public sealed record Assignment(
    [property: Id(0)] string WorkItemId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string Queue,
    [property: Id(3)] Tier Tier,
    [property: Id(4)] bool IsKeyAccount,
    [property: Id(5)] ContactChannel Channel,
    [property: Id(6)] DateTimeOffset OfferedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt) : NotificationData
{
    public override string Kind => NotificationKinds.Assignment;
}

/// <summary>Why an offered work item was taken back from an agent.</summary>
public static class RevokeReasons
{
    public const string Expired = "expired";
    public const string Abandoned = "abandoned";
    public const string AnsweredElsewhere = "answeredElsewhere";

    /// <summary>An accepted item's contact ended: the desk lets go of it without a notification, so agents never see this reason.</summary>
    public const string Ended = "ended";
}

/// <summary>D10: an offered work item is no longer the agent's (<see cref="Reason"/>: one of <see cref="RevokeReasons"/>).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.AssignmentRevoked")]
public sealed record AssignmentRevoked(
    [property: Id(0)] string WorkItemId,
    [property: Id(1)] string Reason) : NotificationData
{
    public override string Kind => NotificationKinds.AssignmentRevoked;
}

/// <summary>D10: the agent's presence changed, by the console or automatically (<see cref="Reason"/> says why).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.PresenceChanged")]
public sealed record PresenceChanged(
    [property: Id(0)] AgentPresence Presence,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] string Reason) : NotificationData
{
    public override string Kind => NotificationKinds.PresenceChanged;
}
