using CrmHub.Grains.Hosting.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmHub.Host.Health;

/// <summary>
/// Reports the grain state files this silo found damaged (<see cref="DamagedStateFiles"/>): Degraded while any is
/// left, naming them. Degraded, not Unhealthy: every other grain is served, so the instance stays ready; the grains
/// whose files are damaged fail until an operator restores or moves their files.
/// </summary>
public sealed class FileStoreHealthCheck(DamagedStateFiles damaged) : IHealthCheck
{
    public const string Name = "file-store";

    /// <summary>Damaged files named in the description at most (all of them are in the data).</summary>
    private const int Named = 5;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var files = damaged.Current();
        if (files.Count == 0)
            return Task.FromResult(HealthCheckResult.Healthy("No damaged grain state file found."));
        var data = files.ToDictionary(file => file.Path, file => (object)file.GrainId, StringComparer.Ordinal);
        var names = string.Join(", ", files.Take(Named).Select(file => $"{file.Path} ({file.GrainId})"));
        return Task.FromResult(HealthCheckResult.Degraded(
            $"{files.Count} grain state file(s) cannot be read and were left as they are; their grains do not start: {names}"
            + (files.Count > Named ? ", …" : "."),
            data: data));
    }
}
