using CrmHub.Grains.Staff;

namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>The staff of every test cluster: one supervisor and two agents.</summary>
public sealed class TestStaff : IStaffDirectory
{
    public const string Supervisor = "sup1";
    public const string Agent1 = "agent1";
    public const string Agent2 = "agent2";

    public static TestStaff Directory { get; } = new();

    private static readonly Dictionary<string, StaffMember> Members = new(StringComparer.Ordinal)
    {
        [Supervisor] = new(Supervisor, "Sam Supervisor", "Supervisor"),
        [Agent1] = new(Agent1, "Alex Agent", "Agent"),
        [Agent2] = new(Agent2, "Bo Agent", "Agent"),
    };

    public IReadOnlyList<string> SupervisorIds { get; } = [Supervisor];

    public StaffMember? Find(string agentId) => Members.GetValueOrDefault(agentId);

    IReadOnlyList<StaffMember> IStaffDirectory.Members => [.. Members.Values];
}
