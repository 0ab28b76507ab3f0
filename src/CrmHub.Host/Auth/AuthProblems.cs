namespace CrmHub.Host.Auth;

/// <summary>Writes the auth answers (401, 403, 429) as problem details (application/problem+json).</summary>
internal static class AuthProblems
{
    public static Task WriteAsync(HttpContext context, int statusCode, string title, string? detail = null) =>
        TypedResults.Problem(detail: detail, statusCode: statusCode, title: title).ExecuteAsync(context);
}
