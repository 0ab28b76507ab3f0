using CrmHub.Grains.Hosting;
using CrmHub.Grains.Hosting.AzureStorage;
using CrmHub.Grains.Hosting.Storage;
using CrmHub.Host.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace CrmHub.Host.Tests.Hosting;

/// <summary>What the host registers for the file store, the Azure Table store and <c>CrmHub:Cluster:Kubernetes</c>.</summary>
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

    [Fact]
    public async Task The_azure_table_provider_stores_grain_state_with_the_connection_string_and_the_official_option_names()
    {
        await using var services = Registrations(new()
        {
            ["CrmHub:Storage:Provider"] = "AzureTable",
            ["ConnectionStrings:CrmHubAzure"] = "UseDevelopmentStorage=true",
            ["CrmHub:Storage:AzureTable:TableName"] = "CrmHubStates",
            ["CrmHub:Storage:AzureTable:DeleteStateOnClear"] = "true",
        }).BuildServiceProvider();

        services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm).ShouldBeOfType<AzureTableGrainStorage>();
        var options = services.GetRequiredService<IOptionsMonitor<AzureTableGrainStorageOptions>>().Get(StorageNames.Crm);
        options.TableName.ShouldBe("CrmHubStates");
        options.DeleteStateOnClear.ShouldBeTrue();
        options.ContainerName.ShouldBe(AzureTableGrainStorageOptions.DefaultContainerName);
        options.TableServiceClient.ShouldNotBeNull().AccountName.ShouldBe("devstoreaccount1");
        options.BlobServiceClient.ShouldNotBeNull();
    }

    [Fact]
    public async Task An_invalid_azure_table_name_is_refused_naming_the_setting()
    {
        await using var services = Registrations(new()
        {
            ["CrmHub:Storage:Provider"] = "AzureTable",
            ["ConnectionStrings:CrmHubAzure"] = "UseDevelopmentStorage=true",
            ["CrmHub:Storage:AzureTable:TableName"] = "no_underscores",
        }).BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<AzureTableGrainStorageOptions>>().Get(StorageNames.Crm))
            .Message.ShouldContain("TableName 'no_underscores'");
    }
}
