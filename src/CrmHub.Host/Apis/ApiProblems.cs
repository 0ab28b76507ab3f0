using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CrmHub.Host.Apis;

internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what, string id) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = $"No such {what}.",
        Detail = $"There is no {what} '{id}'.",
    });

    /// <summary>400 with one message for one request field (query parameter or body property).</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
