using System.Security.Claims;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Domain.Complaints;
using CrmHub.Domain.ContactCentre;
using CrmHub.Grains.Complaints;
using CrmHub.Grains.Population;
using CrmHub.Grains.Staff;
using CrmHub.Host.Apis.Analytics;
using CrmHub.Host.Apis.Events;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CrmHub.Host.Apis.Agents;

public static class AgentsEndpoints
{
    /// <summary>The most work items of one channel an agent may be given at once.</summary>
    public const int MaxCapacityPerChannel = 100;

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
        api.MapGet("/agents", GetAgents)
            .WithName("GetAgents")
            .WithTags("Agents")
            .WithSummary("D10: every service agent's presence, since when, profile, current work items and occupancy.")
            .RequireAuthorization(AuthPolicies.Supervisor);
        api.MapPut("/agents/{id}", PutProfile)
            .WithName("PutAgentProfile")
            .WithTags("Agents")
            .WithSummary("D10: replaces an agent's teams (the queues served), skills and capacity per channel.")
            .RequireAuthorization(AuthPolicies.Supervisor);
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

    internal static async Task<Ok<AgentDeskView[]>> GetAgents(IStaffDirectory staff, IGrainFactory grains) =>
        TypedResults.Ok(await Task.WhenAll(staff.Members.Select(member => grains.GetGrain<IAgentDeskGrain>(member.Id).GetView())));

    internal static async Task<Results<Ok<AgentDeskView>, ValidationProblem, ProblemHttpResult>> PutProfile(
        string id, AgentProfileRequest body, IStaffDirectory staff, IGrainFactory grains)
    {
        if (staff.Find(id) is null)
            return ApiProblems.NotFound("agent", id);
        var errors = body.Validate();
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The profile is not valid.");
        return TypedResults.Ok(await grains.GetGrain<IAgentDeskGrain>(id).UpdateProfile(body.ToProfile()));
    }
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
/// <summary>
/// The body of <c>PUT /api/v1/agents/{id}</c>. Teams are queue names; skills are in text form (<c>billing:3</c>);
/// a channel left out of <see cref="Capacity"/> (or the whole capacity) takes its default (voice 1, chat 3, email 5).
/// </summary>
public sealed record AgentProfileRequest(IReadOnlyList<string>? Teams, IReadOnlyList<string>? Skills, CapacityRequest? Capacity)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckList(errors, "teams", Teams, team => CloudEventParser.IdentifierPattern().IsMatch(team),
            "Must be a queue name: 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        CheckList(errors, "skills", Skills, skill => SkillRequirement.TryParse(skill, out _),
            "Must be a skill: name, name:level (level 1 or more) or a tag such as language:en.");
        foreach (var (name, value) in new[] { ("voice", Capacity?.Voice), ("chat", Capacity?.Chat), ("email", Capacity?.Email) })
        {
            if (value is < 0 or > AgentsEndpoints.MaxCapacityPerChannel)
                errors[$"capacity.{name}"] = [$"Must be from 0 to {AgentsEndpoints.MaxCapacityPerChannel}."];
        }
        return errors;
    }

    public AgentProfile ToProfile() => new(
        [.. (Teams ?? []).Distinct(StringComparer.Ordinal)],
        [.. (Skills ?? []).Select(skill => SkillRequirement.Parse(skill).ToString()).Distinct(StringComparer.Ordinal)],
        new ChannelCapacity(
            Capacity?.Voice ?? ChannelCapacity.Default.Voice,
            Capacity?.Chat ?? ChannelCapacity.Default.Chat,
            Capacity?.Email ?? ChannelCapacity.Default.Email));

    private static void CheckList(Dictionary<string, string[]> errors, string name, IReadOnlyList<string>? values, Func<string, bool> valid, string message)
    {
        if (values is null)
            return;
        if (values.Count > MaxEntries)
        {
            errors[name] = [$"Must hold at most {MaxEntries} entries."];
            return;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null || !valid(values[i]))
                errors[$"{name}[{i}]"] = [message];
        }
    }

    private const int MaxEntries = 64;
}

/// <summary>Capacity per channel; null: the default.</summary>
public sealed record CapacityRequest(int? Voice, int? Chat, int? Email);
