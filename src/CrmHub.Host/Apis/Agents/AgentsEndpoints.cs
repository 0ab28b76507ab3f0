using System.Security.Claims;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Domain.Complaints;
using CrmHub.Grains.Complaints;
using CrmHub.Grains.Population;
using CrmHub.Grains.Staff;
using CrmHub.Host.Apis.Analytics;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

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
        api.MapGet("/agents/{id}/stats", GetStats)
            .WithName("GetAgentStats")
            .WithTags("Agents")
            .WithSummary("D8/D9: an agent's complaints (owned, active, handled), deadlines missed on its watch, and its customers' satisfaction and SERVQUAL averages.")
            .WithDescription("Supervisors and admins see every agent; an agent sees only its own statistics.")
            .RequireAuthorization(AuthPolicies.User);
        return api;
    }

    /// <summary>How many of the latest breaches an agent's statistics list.</summary>
    public const int RecentBreaches = 20;

    internal static async Task<Results<Ok<AgentStatsAnswer>, ProblemHttpResult>> GetStats(
        string id, ClaimsPrincipal user, IGrainFactory grains, IStaffDirectory staff, IOptions<PopulationOptions> population, TimeProvider time)
    {
        var isSupervisor = user.IsInRole(CrmHubRoles.Supervisor) || user.IsInRole(CrmHubRoles.Admin);
        if (!isSupervisor && user.UserName() != id)
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Only supervisors and admins see other agents' statistics.",
            });
        if (staff.Find(id) is null)
            return ApiProblems.NotFound("agent", id);

        var buckets = population.Value.Buckets;
        var owned = grains.FindComplaints(ComplaintFilter.All with { OwnerAgentId = id }, buckets);
        var satisfaction = grains.Satisfaction([id], buckets);
        var complaints = AgentComplaintStatistics.For(id, await owned);
        var today = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        return TypedResults.Ok(new AgentStatsAnswer(
            id,
            complaints.Owned,
            complaints.Active,
            complaints.Handled,
            new AgentBreachesAnswer(
                complaints.Breaches.Length,
                complaints.FirstResponseBreaches,
                complaints.ResolutionBreaches,
                complaints.BreachesSince(today),
                [.. complaints.Breaches.Take(RecentBreaches)]),
            SatisfactionAnswer.Of(await satisfaction) with { AgentIds = [id] }));
    }

    internal static async Task<Ok<AgentStatus>> GetMe(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAgentGrain>(user.UserName()).GetStatus());
}

/// <summary>D9: deadlines missed on an agent's watch (UTC day for <paramref name="Today"/>); <paramref name="Recent"/> lists the latest first.</summary>
public sealed record AgentBreachesAnswer(int Total, int FirstResponse, int Resolution, int Today, IReadOnlyList<AgentBreach> Recent);

/// <summary><c>GET /api/v1/agents/{id}/stats</c>.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="ComplaintsOwned">Complaints the agent took (the <c>listen</c> step).</param>
/// <param name="ComplaintsActive">Of those, the ones not closed yet.</param>
/// <param name="ComplaintsHandled">Of those, the ones closed or reviewed.</param>
/// <param name="Breaches">Deadlines missed while the agent owned the complaint.</param>
/// <param name="Satisfaction">Surveys that rate the agent: levels and SERVQUAL averages.</param>
public sealed record AgentStatsAnswer(
    string AgentId,
    int ComplaintsOwned,
    int ComplaintsActive,
    int ComplaintsHandled,
    AgentBreachesAnswer Breaches,
    SatisfactionAnswer Satisfaction);
