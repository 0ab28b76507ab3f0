using System.Security.Claims;

namespace CrmHub.Host.Auth;

/// <summary>The roles a CrmHub user can have.</summary>
public static class CrmHubRoles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Agent, Supervisor, Admin];

    /// <summary>Agents and supervisors are service agents: they have an inbox and a console.</summary>
    public static bool IsServiceAgent(string role) => role is Agent or Supervisor;
}

/// <summary>Authorization policy names used by endpoints and the hub.</summary>
public static class AuthPolicies
{
    /// <summary>A signed-in user of any role (JWT).</summary>
    public const string User = "User";

    /// <summary>An Agent or Supervisor (JWT): has an inbox and may open a console.</summary>
    public const string ServiceAgent = "ServiceAgent";

    /// <summary>A Supervisor or Admin (JWT).</summary>
    public const string Supervisor = "Supervisor";

    /// <summary>An event producer authenticated by <c>X-Api-Key</c>.</summary>
    public const string EventProducer = "EventProducer";

    /// <summary>An Admin (JWT): operates the cluster (the Orleans dashboard).</summary>
    public const string Admin = "Admin";
}

/// <summary>Reading the signed-in user from a principal.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>The user name (for service agents also the agent id), or throws when unauthenticated.</summary>
    public static string UserName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("The request has no authenticated user.");
}
