using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;

namespace CrmHub.Domain.Complaints;

/// <summary>A deadline an agent's complaint missed while the agent owned it.</summary>
public sealed record AgentBreach(string ComplaintId, ComplaintDeadline Deadline, DateTimeOffset DueAt);

/// <summary>
/// D9: an agent's complaint statistics: the complaints it owns (took with <c>listen</c>), how many are still being
/// handled, how many it handled to the end (closed or reviewed), and the deadlines missed on its watch.
/// </summary>
public sealed record AgentComplaintStatistics(int Owned, int Active, int Handled, ImmutableArray<AgentBreach> Breaches)
{
    public int FirstResponseBreaches => Breaches.Count(breach => breach.Deadline == ComplaintDeadline.FirstResponse);

    public int ResolutionBreaches => Breaches.Count(breach => breach.Deadline == ComplaintDeadline.Resolution);

    /// <summary>The breaches due at or after <paramref name="since"/> (for "breaches today").</summary>
    public int BreachesSince(DateTimeOffset since) => Breaches.Count(breach => breach.DueAt >= since);

    /// <summary>
    /// D9: the statistics of <paramref name="agentId"/> over complaints. Interpretation: a breach counts on the owner's
    /// statistics when the owner had taken the complaint by the deadline; one missed before anybody took it counts on nobody's.
    /// </summary>
    public static AgentComplaintStatistics For(string agentId, IEnumerable<ComplaintView> complaints)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        var owned = complaints.Where(complaint => complaint.OwnerAgentId == agentId).ToList();
        return new(
            owned.Count,
            owned.Count(complaint => complaint.Status is ComplaintStatus.Open or ComplaintStatus.InProgress or ComplaintStatus.Resolved),
            owned.Count(complaint => complaint.Status is ComplaintStatus.Closed or ComplaintStatus.Reviewed),
            [.. owned
                .SelectMany(complaint => complaint.Breaches
                    .Where(breach => TakenAt(complaint, agentId) <= breach.DueAt)
                    .Select(breach => new AgentBreach(complaint.ComplaintId, breach.Kind, breach.DueAt)))
                .OrderByDescending(breach => breach.DueAt)
                .ThenBy(breach => breach.ComplaintId, StringComparer.Ordinal)]);
    }

    private static DateTimeOffset TakenAt(ComplaintView complaint, string agentId) =>
        complaint.Steps.Where(step => step.Step == ComplaintStep.Listen && step.AgentId == agentId).Select(step => step.At).DefaultIfEmpty(DateTimeOffset.MaxValue).First();
}
