using CrmHub.Grains.Hosting;
using CrmHub.Grains.Hosting.Storage;
using CrmHub.Host.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace CrmHub.Host.Tests.Hosting;

/// <summary>What the host registers for the file store and for <c>CrmHub:Cluster:Kubernetes</c>.</summary>
public sealed class StoreAndHostingRegistrationTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "crmhub-host-store", Guid.NewGuid().ToString("N"));

    public StoreAndHostingRegistrationTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private IServiceCollection Registrations(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = _contentRoot });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCrmHubOrleans();
        return builder.Services;
    }

    [Fact]
    public async Task The_file_provider_stores_grain_state_in_crash_safe_files_of_the_storage_directory_and_checks_them_for_health()
    {
        await using var services = Registrations(new() { ["CrmHub:Storage:Provider"] = "File", ["CrmHub:Storage:Directory"] = "state" })
            .BuildServiceProvider();

        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm).ShouldBeOfType<AtomicFileGrainStorage>();
        storage.RootDirectory.ShouldBe(Path.Combine(_contentRoot, "state"));
        services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .ShouldContain(registration => registration.Name == FileStoreHealthCheck.Name && registration.Tags.Contains(SiloHealthCheckExtensions.ReadyTag));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Kubernetes_hosting_is_added_only_when_switched_on(string? kubernetes, bool expected)
    {
        var registrations = Registrations(new() { ["CrmHub:Storage:Provider"] = "Memory", [KubernetesHostingSwitch.Key] = kubernetes });

        // Only registrations are inspected: resolving the agent outside a pod fails its POD_* validation, as it should.
        registrations.Any(service => service.ServiceType == typeof(Orleans.Hosting.Kubernetes.KubernetesClusterAgent)
                                     || service.ImplementationType == typeof(Orleans.Hosting.Kubernetes.KubernetesClusterAgent))
            .ShouldBe(expected);
    }
}
