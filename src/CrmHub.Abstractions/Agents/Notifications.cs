using System.Collections.Immutable;
using System.Text.Json.Serialization;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Events;

namespace CrmHub.Abstractions.Agents;

/// <summary>The <c>kind</c> strings consoles switch on.</summary>
public static class NotificationKinds
{
    public const string ComplaintAlert = "complaintAlert";
    public const string ComplaintUpdated = "complaintUpdated";
    public const string SlaWarning = "slaWarning";
    public const string SlaBreached = "slaBreached";
    public const string TierChanged = "tierChanged";
    public const string KeyAccountChanged = "keyAccountChanged";
    public const string KeyAccountEvent = "keyAccountEvent";
    public const string Assignment = "assignment";
    public const string AssignmentRevoked = "assignmentRevoked";
    public const string PresenceChanged = "presenceChanged";
}

/// <summary>A notification as a console sees it: <c>{"seq","kind","occurredAt","data"}</c>.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.Notification")]
public sealed record Notification(
    [property: Id(0), JsonPropertyOrder(0)] long Seq,
    [property: Id(1), JsonPropertyOrder(2)] DateTimeOffset OccurredAt,
    [property: Id(2), JsonPropertyOrder(3)] NotificationData Data)
{
    [JsonPropertyOrder(1)]
    public string Kind => Data.Kind;
}

/// <summary>
/// A notification before the recipient's inbox numbers it. <see cref="Key"/> identifies it across
/// retries (for example "complaintAlert:C-17"), so delivering it twice stores it once.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.NotificationDraft")]
public sealed record NotificationDraft(
    [property: Id(0)] string Key,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] NotificationData Data);

/// <summary>The body of a notification; its discriminator is the notification kind.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.NotificationData")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(ComplaintAlert), NotificationKinds.ComplaintAlert)]
[JsonDerivedType(typeof(ComplaintUpdated), NotificationKinds.ComplaintUpdated)]
[JsonDerivedType(typeof(SlaWarning), NotificationKinds.SlaWarning)]
[JsonDerivedType(typeof(SlaBreached), NotificationKinds.SlaBreached)]
[JsonDerivedType(typeof(TierChanged), NotificationKinds.TierChanged)]
[JsonDerivedType(typeof(KeyAccountChanged), NotificationKinds.KeyAccountChanged)]
[JsonDerivedType(typeof(KeyAccountEvent), NotificationKinds.KeyAccountEvent)]
[JsonDerivedType(typeof(Assignment), NotificationKinds.Assignment)]
[JsonDerivedType(typeof(AssignmentRevoked), NotificationKinds.AssignmentRevoked)]
[JsonDerivedType(typeof(PresenceChanged), NotificationKinds.PresenceChanged)]
public abstract record NotificationData
{
    [JsonIgnore]
    public abstract string Kind { get; }
}

/// <summary>A new complaint (D9: complaints are alerts, not paperwork).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintAlert")]
public sealed record ComplaintAlert(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string CustomerName,
    [property: Id(3)] string Subject,
    [property: Id(4)] ComplaintCategory Category,
    [property: Id(5)] ComplaintSeverity Severity,
    [property: Id(6)] DateTimeOffset OpenedAt) : NotificationData
{
    public override string Kind => NotificationKinds.ComplaintAlert;
}

/// <summary>A complaint someone was alerted about changed status or owner.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintUpdated")]
public sealed record ComplaintUpdated(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] ComplaintStatus Status,
    [property: Id(2)] string? OwnerAgentId) : NotificationData
{
    public override string Kind => NotificationKinds.ComplaintUpdated;
}

/// <summary>The answer to <c>Resync(afterSeq)</c>.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ResyncResult")]
public sealed record ResyncResult(
    [property: Id(0)] ImmutableArray<Notification> Items,
    [property: Id(1)] long LastSeq,
    [property: Id(2)] bool Complete);
