using System.Security.Claims;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Domain.ContactCentre;
using CrmHub.Grains.Staff;
using CrmHub.Host.Apis.Events;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

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
