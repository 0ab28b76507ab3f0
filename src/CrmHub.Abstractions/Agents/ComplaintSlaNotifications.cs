using System.Text.Json.Serialization;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Abstractions.Agents;

/// <summary>
/// D9: a deadline event of a complaint: which deadline (<c>kind</c>: FirstResponse or Resolution), when it falls
/// (or fell) due, who owns the complaint and the customer's tier at opening.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.SlaNotification")]
public abstract record SlaNotification : NotificationData
{
    [Id(0)]
    public string ComplaintId { get; init; } = "";

    [Id(1)]
    public string CustomerId { get; init; } = "";

    [Id(2)]
    public string CustomerName { get; init; } = "";

    /// <summary>Which deadline; shown as <c>kind</c> in the notification's data.</summary>
    [Id(3), JsonPropertyName("kind")]
    public ComplaintDeadline Deadline { get; init; }

    [Id(4)]
    public DateTimeOffset DueAt { get; init; }

    /// <summary>The agent who took the complaint, or null while nobody has.</summary>
    [Id(5)]
    public string? OwnerAgentId { get; init; }

    [Id(6)]
    public Tier Tier { get; init; }
}

/// <summary>D9: 80% of a complaint's first-response or resolution interval has passed and the deadline is not met yet.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.SlaWarning")]
public sealed record SlaWarning : SlaNotification
{
    [JsonIgnore]
    public override string Kind => NotificationKinds.SlaWarning;
}

/// <summary>D9: a complaint's deadline passed without being met; the breach is recorded on the complaint.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.SlaBreached")]
public sealed record SlaBreached : SlaNotification
{
    [JsonIgnore]
    public override string Kind => NotificationKinds.SlaBreached;
}
