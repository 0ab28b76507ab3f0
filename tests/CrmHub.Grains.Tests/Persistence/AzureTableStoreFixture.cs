using CrmHub.Grains.Hosting;
using CrmHub.Grains.Hosting.AzureStorage;
using CrmHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>
/// Azurite on free loopback ports, and <see cref="AzureTableGrainStorage"/> instances over it resolved from silos
/// configured as the product configures them (<c>AddCrmHubGrains</c>: the JSON grain-state serializer; a connection
/// string). The silos are never started: the storages are called directly. Tests skip themselves when Azurite is not
/// running (<see cref="AzuriteServer.SkipUnlessRunning"/>, before anything here is used).
/// </summary>
public sealed class AzureTableStoreFixture : IAsyncLifetime
{
    private readonly List<IHost> _hosts = [];
    private IGrainStorage? _storage;

    public AzuriteServer Azurite { get; } = new();

    public string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";

    /// <summary>The storage the contract runs against (DeleteStateOnClear false, as by default).</summary>
    public IGrainStorage Storage => _storage ??= Create();

    /// <summary>A further storage over the same account and table, as another silo of the service has.</summary>
    public IGrainStorage Create(Action<AzureTableGrainStorageOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(serviceId: ServiceId);
            silo.AddCrmHubGrains(new ConfigurationBuilder().Build());
            silo.AddCrmHubAzureTableGrainStorage(StorageNames.Crm, options => options.Configure(o =>
            {
                o.ConfigureTableServiceClient(Azurite.ConnectionString);
                configure?.Invoke(o);
            }));
        });
        var host = builder.Build();
        lock (_hosts)
            _hosts.Add(host);
        return host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);
    }

    public ValueTask InitializeAsync() => Azurite.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
            host.Dispose();
        await Azurite.DisposeAsync();
    }
}
