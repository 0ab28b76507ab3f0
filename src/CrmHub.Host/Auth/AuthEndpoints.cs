using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmHub.Host.Auth;

/// <summary>The sign-in endpoint.</summary>
public static class AuthEndpoints
{
    public const string InvalidCredentialsTitle = "Invalid user name or password.";

    /// <summary>Maps <c>POST /api/v1/auth/token</c> (anonymous).</summary>
    public static IEndpointRouteBuilder MapCrmHubAuth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var auth = endpoints.MapGroup("/api/v1/auth").WithTags("Auth").AllowAnonymous();
        auth.MapPost("/token", IssueToken)
            .WithName("IssueToken")
            .WithSummary("Sign in")
            .WithDescription("Checks a user name and password and returns a signed bearer token with the user's role.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return endpoints;
    }

    internal static Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult> IssueToken(
        TokenRequest? request, CrmHubTokenService tokens)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.UserName))
            errors["userName"] = ["The user name is required."];
        if (string.IsNullOrEmpty(request?.Password))
            errors["password"] = ["The password is required."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var user = tokens.Authenticate(request!.UserName!, request.Password!);
        if (user is null)
            return TypedResults.Problem(title: InvalidCredentialsTitle, statusCode: StatusCodes.Status401Unauthorized);

        return TypedResults.Ok(tokens.Issue(user));
    }
}
