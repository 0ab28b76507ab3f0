using System.Collections.Immutable;
using CrmHub.Abstractions.ContactCentre;

namespace CrmHub.Grains.Staff;

/// <summary>The people who work in the hub: every Agent or Supervisor user is a service agent.</summary>
public interface IStaffDirectory
{
    /// <summary>The ids (user names) of every supervisor, who are told about every new complaint.</summary>
    IReadOnlyList<string> SupervisorIds { get; }

    /// <summary>The service agent with this id, or null when there is none.</summary>
    StaffMember? Find(string agentId);

    /// <summary>Every service agent, in configuration order.</summary>
    IReadOnlyList<StaffMember> Members { get; }
}

/// <summary>
/// A service agent as configuration describes it, with the D10 routing profile it starts with (teams, skills,
/// capacity; <c>PUT /api/v1/agents/{id}</c> overrides it).
/// </summary>
public sealed record StaffMember(string Id, string DisplayName, string Role)
{
    public ImmutableArray<string> Teams { get; init; } = [];

    public ImmutableArray<string> Skills { get; init; } = [];

    public ChannelCapacity Capacity { get; init; } = ChannelCapacity.Default;

    /// <summary>The routing profile configuration gives.</summary>
    public AgentProfile Profile => new(Teams, Skills, Capacity);

    /// <summary>Equal when every field is, teams and skills compared entry by entry.</summary>
    public bool Equals(StaffMember? other) =>
        other is not null && (Id, DisplayName, Role, Capacity) == (other.Id, other.DisplayName, other.Role, other.Capacity)
        && Teams.SequenceEqual(other.Teams) && Skills.SequenceEqual(other.Skills);

    public override int GetHashCode() => HashCode.Combine(Id, DisplayName, Role, Capacity);
}
