using CrmHub.Host.Auth;
using Orleans.Dashboard;

namespace CrmHub.Host;

/// <summary>Section <c>CrmHub:Dashboard</c>: the Orleans dashboard (silos, grains, calls, reminders) for admins.</summary>
public sealed class DashboardSettings
{
    public const string Section = "CrmHub:Dashboard";

    /// <summary>The path the dashboard is served under.</summary>
    public const string Path = "/dashboard";

    /// <summary>Whether the silo collects dashboard figures and serves <see cref="Path"/> (it profiles every grain call).</summary>
    public bool Enabled { get; set; } = true;

    public static DashboardSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<DashboardSettings>() ?? new DashboardSettings();
}

public static class DashboardExtensions
{
    /// <summary>Adds the dashboard's silo part when enabled.</summary>
    public static ISiloBuilder AddCrmHubDashboard(this ISiloBuilder silo, IConfiguration configuration) =>
        DashboardSettings.From(configuration).Enabled ? silo.AddDashboard() : silo;

    /// <summary>Serves the dashboard at <c>/dashboard</c> to admins only (a bearer token with the Admin role).</summary>
    public static WebApplication MapCrmHubDashboard(this WebApplication app)
    {
        if (DashboardSettings.From(app.Configuration).Enabled)
            app.MapOrleansDashboard(DashboardSettings.Path).RequireAuthorization(AuthPolicies.Admin);
        return app;
    }
}
