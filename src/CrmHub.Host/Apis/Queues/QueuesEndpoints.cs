using CrmHub.Abstractions.ContactCentre;
using CrmHub.Grains.ContactCentre;
using CrmHub.Grains.Hosting;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmHub.Host.Apis.Queues;

public static class QueuesEndpoints
{
    public static RouteGroupBuilder MapQueuesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/queues", GetQueues)
            .WithName("GetQueues")
            .WithTags("Contact centre")
            .WithSummary("D10: the live figures of every queue and overall (queue \"*\") over the rolling window.")
            .RequireAuthorization(AuthPolicies.Supervisor);
        api.MapGet("/queues/{name}", GetQueue)
            .WithName("GetQueue")
            .WithTags("Contact centre")
            .WithSummary("D10: one queue's live figures.")
            .RequireAuthorization(AuthPolicies.Supervisor);
        return api;
    }

    internal static async Task<Ok<QueueOverview>> GetQueues(IGrainFactory grains, IOptions<ContactCentreOptions> options, TimeProvider time) =>
        TypedResults.Ok(await QueueOverview.Read(grains, options.Value.Metrics, time.GetUtcNow()));

    internal static async Task<Results<Ok<QueueStatsSnapshot>, ProblemHttpResult>> GetQueue(string name, IGrainFactory grains)
    {
        var known = await grains.GetGrain<IQueueDirectoryGrain>(IQueueDirectoryGrain.ClusterKey).GetQueues();
        if (!known.Contains(name, StringComparer.Ordinal))
            return ApiProblems.NotFound("queue", name);
        return TypedResults.Ok((await grains.GetGrain<IQueueGrain>(name).GetReport()).Snapshot);
    }
}
