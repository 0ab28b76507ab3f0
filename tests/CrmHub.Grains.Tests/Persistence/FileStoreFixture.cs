using CrmHub.Grains.Hosting;
using CrmHub.Grains.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>
/// An <see cref="AtomicFileGrainStorage"/> in a fresh temporary directory, resolved from a silo's services configured
/// as the product configures them (<c>AddCrmHubGrains</c>: the JSON grain-state serializer). The silo is never started:
/// the storage is called directly.
/// </summary>
public sealed class FileStoreFixture : IDisposable
{
    private readonly IHost _host;

    public FileStoreFixture()
    {
        Directory.CreateDirectory(RootDirectory);
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(serviceId: ServiceId);
            silo.AddCrmHubGrains(new ConfigurationBuilder().Build());
            silo.AddAtomicFileGrainStorage(StorageNames.Crm, RootDirectory);
        });
        _host = builder.Build();
        Storage = (AtomicFileGrainStorage)_host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);
        Damaged = _host.Services.GetRequiredService<DamagedStateFiles>();
    }

    public string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";

    public string RootDirectory { get; } = Path.Combine(Path.GetTempPath(), "crmhub-file-store-tests", Guid.NewGuid().ToString("N"));

    public AtomicFileGrainStorage Storage { get; }

    public DamagedStateFiles Damaged { get; }

    public void Dispose()
    {
        _host.Dispose();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
