using CrmHub.Abstractions.Agents;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmHub.Host.Health;

/// <summary>
/// Readiness of the co-hosted Orleans silo: Unhealthy unless this silo is Active in the cluster
/// membership and a grain call that writes through the configured grain storage succeeds in time.
/// </summary>
public sealed class SiloHealthCheck(
    IGrainFactory grains,
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership) : IHealthCheck
{
    public const string Name = "orleans-silo";

    /// <summary>How long the storage probe may take before the silo counts as not ready.</summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(5);

    internal TimeSpan ProbeTimeout { get; init; } = DefaultProbeTimeout;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var silo = localSilo.SiloAddress;
        var status = membership.CurrentSnapshot.GetSiloStatus(silo);
        if (status != SiloStatus.Active)
            return HealthCheckResult.Unhealthy($"Silo {silo} is {status}, not Active.");

        // One probe grain per silo endpoint (stable across restarts of the same instance).
        var probeKey = silo.Endpoint.ToString();
        try
        {
            var written = await grains.GetGrain<IStorageProbeGrain>(probeKey)
                .Touch()
                .WaitAsync(ProbeTimeout, cancellationToken);
            return HealthCheckResult.Healthy($"Silo {silo} is Active; grain storage written at {written:O}.");
        }
        catch (TimeoutException e)
        {
            return HealthCheckResult.Unhealthy($"Grain storage probe did not answer within {ProbeTimeout.TotalSeconds:0.###} s.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Grain storage probe failed: {e.GetType().Name}: {e.Message}", e);
        }
    }
}
