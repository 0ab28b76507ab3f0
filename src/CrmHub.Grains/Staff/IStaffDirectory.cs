namespace CrmHub.Grains.Staff;

/// <summary>The people who work in the hub: every Agent or Supervisor user is a service agent.</summary>
public interface IStaffDirectory
{
    /// <summary>The ids (user names) of every supervisor, who are told about every new complaint.</summary>
    IReadOnlyList<string> SupervisorIds { get; }

    /// <summary>The service agent with this id, or null when there is none.</summary>
    StaffMember? Find(string agentId);
}

/// <summary>A service agent as configuration describes it.</summary>
public sealed record StaffMember(string Id, string DisplayName, string Role);
