namespace CrmHub.Host;

/// <summary>
/// The browser consoles built from <c>ClientApp/</c> into <c>wwwroot/</c>: sign-in at <c>/</c>, the agent console at
/// <c>/agent</c> and the supervisor wall at <c>/supervisor</c>. The pages are public; every call they make is
/// authorised by the API and the hub.
/// </summary>
public static class ConsolesExtensions
{
    public const string SignInPath = "/";
    public const string AgentPath = "/agent";
    public const string SupervisorPath = "/supervisor";

    /// <summary>Static files (before authentication: nothing under wwwroot is secret).</summary>
    public static WebApplication UseCrmHubConsoles(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapCrmHubConsoles(this WebApplication app)
    {
        app.MapFallbackToFile(AgentPath, "agent.html");
        app.MapFallbackToFile(SupervisorPath, "supervisor.html");
        return app;
    }
}
