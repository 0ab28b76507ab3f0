using System.Security.Claims;
using CrmHub.Abstractions.Agents;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmHub.Host.Apis.Agents;

public static class AgentsEndpoints
{
    public static RouteGroupBuilder MapAgentsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/agents/me", GetMe)
            .WithName("GetMyAgent")
            .WithTags("Agents")
            .WithSummary("The signed-in agent: profile, online state, last notification sequence number.")
            .RequireAuthorization(AuthPolicies.ServiceAgent);
        return api;
    }

    internal static async Task<Ok<AgentStatus>> GetMe(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAgentGrain>(user.UserName()).GetStatus());
}
