using System.Security.Claims;
using CrmHub.Abstractions.Complaints;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CrmHub.Host.Apis.Complaints;

public static class ComplaintsEndpoints
{
    /// <summary>The workflow steps this version takes over HTTP (D9 step 1: an agent takes the complaint).</summary>
    private static readonly IReadOnlyDictionary<string, ComplaintStep> SupportedSteps =
        new Dictionary<string, ComplaintStep>(StringComparer.OrdinalIgnoreCase) { ["listen"] = ComplaintStep.Listen };

    public static RouteGroupBuilder MapComplaintsApi(this RouteGroupBuilder api)
    {
        var complaints = api.MapGroup("/complaints").WithTags("Complaints");
        complaints.MapGet("/{id}", GetComplaint)
            .WithName("GetComplaint")
            .RequireAuthorization(AuthPolicies.User);
        complaints.MapPost("/{id}/steps", RecordStep)
            .WithName("RecordComplaintStep")
            .WithSummary("Records the next handling step; 'listen' takes the complaint.")
            .RequireAuthorization(AuthPolicies.ServiceAgent);
        return api;
    }

    internal static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> GetComplaint(string id, IGrainFactory grains)
    {
        var view = await grains.GetGrain<IComplaintGrain>(id).GetView();
        return view is null ? ApiProblems.NotFound("complaint", id) : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RecordStep(
        string id, StepRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request.Step) || !SupportedSteps.TryGetValue(request.Step, out var step))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["step"] = [$"Must be one of: {string.Join(", ", SupportedSteps.Keys)}."] });

        var result = await grains.GetGrain<IComplaintGrain>(id).RecordStep(user.UserName(), step);
        return result.Outcome switch
        {
            StepOutcome.Recorded => TypedResults.Ok(result.Complaint!),
            StepOutcome.NotFound => ApiProblems.NotFound("complaint", id),
            _ => TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The step cannot be taken now.",
                Detail = result.Reason,
                Extensions =
                {
                    ["nextAllowedStep"] = result.NextAllowedStep?.ToString().ToLowerInvariant(),
                    ["ownerAgentId"] = result.Complaint?.OwnerAgentId,
                },
            }),
        };
    }
}

/// <summary>Body of <c>POST /api/v1/complaints/{id}/steps</c>.</summary>
public sealed record StepRequest(string? Step);
