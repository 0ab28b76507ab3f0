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
}
