using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmHub.Host.Health;

public static class SiloHealthCheckExtensions
{
    /// <summary>Tag of the checks that gate readiness (<c>/health</c>); never "live", so a slow silo is not restarted.</summary>
    public const string ReadyTag = "ready";

    private static readonly string[] ReadyTags = [ReadyTag];

    /// <summary>Adds <see cref="SiloHealthCheck"/>, tagged "ready". Needs the co-hosted silo's services.</summary>
    public static IHealthChecksBuilder AddCrmHubSiloCheck(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.AddCheck<SiloHealthCheck>(
            SiloHealthCheck.Name,
            failureStatus: HealthStatus.Unhealthy,
            tags: ReadyTags,
            // Slightly above the probe's own timeout, so the probe reports its own message first.
            timeout: SiloHealthCheck.DefaultProbeTimeout + TimeSpan.FromSeconds(1));
    }

    /// <summary>Adds <see cref="FileStoreHealthCheck"/>, tagged "ready". Needs the file store's <c>DamagedStateFiles</c>.</summary>
    public static IHealthChecksBuilder AddCrmHubFileStoreCheck(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.AddCheck<FileStoreHealthCheck>(FileStoreHealthCheck.Name, failureStatus: HealthStatus.Degraded, tags: ReadyTags);
    }
}
