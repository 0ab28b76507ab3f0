using System.Collections.Immutable;
using System.Security.Claims;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Grains.Complaints;
using CrmHub.Grains.Population;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CrmHub.Host.Apis.Complaints;

public static class ComplaintsEndpoints
{
    /// <summary>D9: the seven handling steps by their wire names.</summary>
    private static readonly IReadOnlyDictionary<string, ComplaintStep> Steps =
        Enum.GetValues<ComplaintStep>().ToDictionary(step => step.ToString().ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    public static RouteGroupBuilder MapComplaintsApi(this RouteGroupBuilder api)
    {
        var complaints = api.MapGroup("/complaints").WithTags("Complaints");
        complaints.MapGet("/", ListComplaints)
            .WithName("ListComplaints")
            .WithSummary("D9: complaints by status, customer, owner and breach, newest first (supervisors and admins).")
            .WithDescription("`status` takes one or more of Open, InProgress, Resolved, Closed, Reviewed (comma-separated or repeated), or `active` for Open, InProgress and Resolved.")
            .RequireAuthorization(AuthPolicies.Supervisor);
        complaints.MapGet("/{id}", GetComplaint)
            .WithName("GetComplaint")
            .WithSummary("The complaint: status, deadlines, owner, steps, breaches and tags.")
            .RequireAuthorization(AuthPolicies.User);
        complaints.MapPost("/{id}/steps", RecordStep)
            .WithName("RecordComplaintStep")
            .WithSummary("Records the next handling step; 'listen' takes the complaint, 'resolve' and 'review' carry details. Only the owner, or a supervisor, takes the later steps.")
            .RequireAuthorization(AuthPolicies.ServiceAgent);
        complaints.MapPut("/{id}/tags", SetTags)
            .WithName("SetComplaintTags")
            .WithSummary("Sets the psychology tag; the malicious flag only for supervisors and admins.")
            .RequireAuthorization(AuthPolicies.User);
        return api;
    }

    internal static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> GetComplaint(string id, IGrainFactory grains)
    {
        var view = await grains.GetGrain<IComplaintGrain>(id).GetView();
        return view is null ? ApiProblems.NotFound("complaint", id) : TypedResults.Ok(view);
    }

    /// <summary>The most complaints one list answer carries.</summary>
    public const int MaxListLimit = 1000;

    internal static async Task<Results<Ok<ComplaintListAnswer>, ValidationProblem>> ListComplaints(
        IGrainFactory grains, IOptions<PopulationOptions> population,
        string[]? status, string? customerId, bool? breached, string? ownerAgentId, int? limit)
    {
        if (limit is < 1 or > MaxListLimit)
            return ApiProblems.Invalid("limit", $"Must be between 1 and {MaxListLimit}.");
        var statuses = ImmutableArray.CreateBuilder<ComplaintStatus>();
        foreach (var value in (status ?? []).SelectMany(text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (value.Equals("active", StringComparison.OrdinalIgnoreCase))
                statuses.AddRange(ComplaintStatus.Open, ComplaintStatus.InProgress, ComplaintStatus.Resolved);
            else if (Enum.TryParse<ComplaintStatus>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                statuses.Add(parsed);
            else
                return ApiProblems.Invalid("status", $"'{value}' is not one of: active, {string.Join(", ", Enum.GetNames<ComplaintStatus>())}.");
        }

        var filter = new ComplaintFilter(statuses.ToImmutable(), NullIfEmpty(customerId), breached, NullIfEmpty(ownerAgentId));
        var found = await grains.FindComplaints(filter, population.Value.Buckets);
        var take = limit ?? 100;
        return TypedResults.Ok(new ComplaintListAnswer(
            [.. found.OrderByDescending(view => view.OpenedAt).ThenBy(view => view.ComplaintId, StringComparer.Ordinal).Take(take)],
            found.Count));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    internal static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RecordStep(
        string id, StepRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request.Step) || !Steps.TryGetValue(request.Step, out var step))
            return ApiProblems.Invalid("step", $"Must be one of: {string.Join(", ", Steps.Keys)}.");

        var details = new StepDetails(request.Solution, request.CustomerAgreed, request.Lessons, request.ProductFeedback);
        var result = await grains.GetGrain<IComplaintGrain>(id).RecordStep(user.UserName(), step, details, user.IsInRole(CrmHubRoles.Supervisor));
        return ToAnswer(id, result);
    }

    internal static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> SetTags(
        string id, TagsRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        ComplaintPsychology? psychology = null;
        if (request.Psychology is not null)
        {
            if (!Enum.TryParse<ComplaintPsychology>(request.Psychology, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return ApiProblems.Invalid("psychology", $"Must be one of: {string.Join(", ", Enum.GetNames<ComplaintPsychology>())}, or null.");
            psychology = parsed;
        }
        var isSupervisor = user.IsInRole(CrmHubRoles.Supervisor) || user.IsInRole(CrmHubRoles.Admin);
        var change = new ComplaintTagChange(psychology, request.Malicious, request.MaliciousReason);
        var result = await grains.GetGrain<IComplaintGrain>(id).Tag(user.UserName(), isSupervisor, change);
        return ToAnswer(id, result);
    }

    /// <summary>The HTTP answer to a step or tag result; every refusal is a problem.</summary>
    private static Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult> ToAnswer(string id, StepResult result) => result.Outcome switch
    {
        StepOutcome.Recorded => TypedResults.Ok(result.Complaint!),
        StepOutcome.NotFound => ApiProblems.NotFound("complaint", id),
        StepOutcome.InvalidPayload => ApiProblems.Invalid(result.Field ?? "step", result.Reason ?? "Invalid details."),
        StepOutcome.SupervisorOnly => Problem(StatusCodes.Status403Forbidden, "Only a supervisor may do this.", result),
        StepOutcome.CustomerNotAgreed => Problem(StatusCodes.Status409Conflict, "The complaint cannot be closed yet.", result),
        _ => Problem(StatusCodes.Status409Conflict, "The step cannot be taken now.", result),
    };

    private static ProblemHttpResult Problem(int status, string title, StepResult result) => TypedResults.Problem(new ProblemDetails
    {
        Status = status,
        Title = title,
        Detail = result.Reason,
        Extensions =
        {
            ["nextAllowedStep"] = result.NextAllowedStep?.ToString().ToLowerInvariant(),
            ["ownerAgentId"] = result.Complaint?.OwnerAgentId,
        },
    });
}

/// <summary><c>GET /api/v1/complaints</c>: the matching complaints (newest first, at most <c>limit</c>) and how many matched.</summary>
public sealed record ComplaintListAnswer(IReadOnlyList<ComplaintView> Items, int Total);

/// <summary>
/// Body of <c>POST /api/v1/complaints/{id}/steps</c>: the step, and for <c>resolve</c> the solution and whether the
/// customer agreed, for <c>review</c> the lessons and optional product feedback.
/// </summary>
public sealed record StepRequest(string? Step, string? Solution = null, bool? CustomerAgreed = null, string? Lessons = null, string? ProductFeedback = null);

/// <summary>
/// Body of <c>PUT /api/v1/complaints/{id}/tags</c>: the psychology tag (Venting, Respect, Remedy; null clears it) and,
/// for supervisors and admins, the malicious flag with its reason (omit it to leave the flag as it is).
/// </summary>
public sealed record TagsRequest(string? Psychology = null, bool? Malicious = null, string? MaliciousReason = null);
