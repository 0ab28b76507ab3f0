using CrmHub.Grains.Staff;

namespace CrmHub.Host.Auth;

/// <summary>The staff as <c>CrmHub:Auth:Users</c> lists them: every Agent or Supervisor, by user name.</summary>
public sealed class ConfiguredStaffDirectory : IStaffDirectory
{
    private readonly Dictionary<string, StaffMember> members;

    public ConfiguredStaffDirectory(IEnumerable<CrmHubUserOptions> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var list = users
            .Where(u => CrmHubRoles.IsServiceAgent(u.Role))
            .Select(u => new StaffMember(u.UserName, u.DisplayName, u.Role)
            {
                Teams = [.. u.Teams],
                Skills = [.. u.Skills],
                Capacity = u.Capacity.ToCapacity(),
            })
            .ToList();
        Members = list;
        members = list.ToDictionary(m => m.Id, StringComparer.Ordinal);
        SupervisorIds = [.. members.Values.Where(m => m.Role == CrmHubRoles.Supervisor).Select(m => m.Id)];
    }

    public IReadOnlyList<string> SupervisorIds { get; }

    public IReadOnlyList<StaffMember> Members { get; }

    public StaffMember? Find(string agentId) => agentId is null ? null : members.GetValueOrDefault(agentId);
}
