using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Complaints;

/// <summary>Who is told about a new complaint.</summary>
public static class AlertRecipients
{
    /// <summary>
    /// Every supervisor and the customer's owner agent; when the customer has no owner, every agent
    /// who has a console open instead. Each recipient once, in a stable order.
    /// </summary>
    public static IReadOnlyList<string> ForNewComplaint(
        IEnumerable<string> supervisors, string? ownerAgentId, IEnumerable<string> onlineAgents)
    {
        var others = string.IsNullOrWhiteSpace(ownerAgentId) ? onlineAgents : [ownerAgentId];
        return [.. supervisors.Concat(others).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// D5/D9: a new complaint of a key account alerts everyone <see cref="ForNewComplaint"/> names and also the
    /// account's key-account manager (none when null or blank). Each recipient once, in a stable order.
    /// </summary>
    public static IReadOnlyList<string> ForNewKeyAccountComplaint(
        IEnumerable<string> supervisors, string? ownerAgentId, IEnumerable<string> onlineAgents, string? keyAccountManagerId) =>
        Distinct(ForNewComplaint(supervisors, ownerAgentId, onlineAgents).Concat(Present(keyAccountManagerId)));

    /// <summary>
    /// D9: who is told about a deadline event. A warning goes to the complaint's owner (the agent who took it), or
    /// to every supervisor while nobody owns it; a breach goes to the owner, every supervisor and the key-account
    /// manager (if any). Each recipient once, in a stable order.
    /// </summary>
    public static IReadOnlyList<string> ForSlaEvent(
        SlaEventKind kind, IEnumerable<string> supervisors, string? complaintOwnerId, string? keyAccountManagerId)
    {
        var owner = Present(complaintOwnerId);
        if (!ComplaintSla.IsBreach(kind))
            return Distinct(owner.Length > 0 ? owner : supervisors);
        return Distinct(owner.Concat(supervisors).Concat(Present(keyAccountManagerId)));
    }

    private static string[] Present(string? agentId) => string.IsNullOrWhiteSpace(agentId) ? [] : [agentId];

    private static string[] Distinct(IEnumerable<string> agentIds) =>
        [.. agentIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
