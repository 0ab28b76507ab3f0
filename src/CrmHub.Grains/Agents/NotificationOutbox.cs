using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Complaints;

namespace CrmHub.Grains.Agents;

/// <summary>The hand-over of a grain's pending notifications (its outbox, persisted with the change) to the agents' inboxes.</summary>
internal static class NotificationOutbox
{
    /// <summary>
    /// Hands every pending notification to its recipient's inbox (idempotent there by key) in parallel and returns
    /// those delivered; a failure is passed to <paramref name="onFailure"/> with the agent id and stays pending.
    /// </summary>
    public static async Task<IReadOnlyList<PendingDelivery>> Deliver(
        IGrainFactory grains, IEnumerable<PendingDelivery> pending, Action<Exception, string> onFailure)
    {
        var outcomes = await Task.WhenAll(pending.Select(async delivery =>
        {
            try
            {
                await grains.GetGrain<IAgentGrain>(delivery.AgentId).Deliver(delivery.Draft);
                return delivery;
            }
            catch (Exception e)
            {
                onFailure(e, delivery.AgentId);
                return null;
            }
        }));
        return [.. outcomes.OfType<PendingDelivery>()];
    }
}
