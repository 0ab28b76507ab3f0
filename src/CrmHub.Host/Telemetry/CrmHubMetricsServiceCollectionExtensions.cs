using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmHub.Host.Telemetry;

public static class CrmHubMetricsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="CrmHubMetrics"/> as a singleton (its meter comes from the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>).</summary>
    public static IServiceCollection AddCrmHubMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddMetrics();
        services.TryAddSingleton<CrmHubMetrics>();
        return services;
    }
}
