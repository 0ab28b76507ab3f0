using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;

namespace CrmHub.Grains.Hosting.Storage;

public static class SiloBuilderFileStorageExtensions
{
    /// <summary>
    /// Adds an <see cref="AtomicFileGrainStorage"/> named <paramref name="name"/> over <paramref name="directory"/>, with the
    /// silo's grain-state serializer (see <see cref="SiloBuilderExtensions.AddCrmHubGrains"/>) and one
    /// <see cref="DamagedStateFiles"/> list per silo.
    /// </summary>
    public static ISiloBuilder AddAtomicFileGrainStorage(this ISiloBuilder silo, string name, string directory)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        silo.Services.TryAddSingleton<DamagedStateFiles>();
        silo.Services.AddGrainStorage(name, (services, storageName) => ActivatorUtilities.CreateInstance<AtomicFileGrainStorage>(
            services,
            storageName,
            directory,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return silo;
    }
}
