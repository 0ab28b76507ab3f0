using CrmHub.Grains.Hosting;
using CrmHub.Host.Health;

namespace CrmHub.Host;

/// <summary>Storage section <c>CrmHub:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "CrmHub:Storage";

    /// <summary><c>File</c> (default: embedded, one file per grain), <c>Memory</c> (nothing survives a restart), <c>Postgres</c> or <c>AzureTable</c>.</summary>
    public string Provider { get; set; } = "File";

    /// <summary>Where the file store keeps grain state; relative paths are under the content root.</summary>
    public string Directory { get; set; } = "data";

    /// <summary>With PostgreSQL: apply the bundled schema scripts (idempotent) when the silo starts.</summary>
    public bool ApplySchema { get; set; }
}

/// <summary>Cluster section <c>CrmHub:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    public const string Section = "CrmHub:Cluster";

    /// <summary><c>Localhost</c> (default: a single silo) or <c>Postgres</c> (membership in <c>ConnectionStrings:CrmHub</c>).</summary>
    public string Provider { get; set; } = "Localhost";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "crmhub";

    public string ServiceId { get; set; } = "crmhub";
}

public static class OrleansExtensions
{

    /// <summary>Co-hosts the Orleans silo: localhost clustering and the configured grain storage.</summary>
    public static WebApplicationBuilder AddCrmHubOrleans(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        var contentRoot = builder.Environment.ContentRootPath;

        builder.UseOrleans(silo =>
        {
            switch (cluster.Provider.ToUpperInvariant())
            {
                case "LOCALHOST":
                    silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                    break;
                case "POSTGRES":
                    silo.UseCrmHubPostgresClustering(cluster, builder.Configuration);
                    break;
                default:
                    throw new CrmHubConfigurationException(
                        $"CrmHub:Cluster:Provider '{cluster.Provider}' is not supported; use Localhost or Postgres.");
            }
            switch (storage.Provider.ToUpperInvariant())
            {
                case "FILE":
                    silo.UseCrmHubFileStore(Path.GetFullPath(Path.Combine(contentRoot, storage.Directory)));
                    break;
                case "MEMORY":
                    silo.AddMemoryGrainStorage(StorageNames.Crm);
                    silo.UseInMemoryReminderService();
                    break;
                case "POSTGRES":
                    silo.AddCrmHubPostgresStorage(builder.Configuration);
                    break;
                case "AZURETABLE":
                    silo.UseCrmHubAzureTableStore(builder.Configuration, Path.GetFullPath(Path.Combine(contentRoot, storage.Directory)));
                    break;
                default:
                    throw new CrmHubConfigurationException(
                        $"CrmHub:Storage:Provider '{storage.Provider}' is not supported; use File, Memory, Postgres or AzureTable.");
            }
            silo.UseCrmHubKubernetesHosting(builder.Configuration);
            silo.AddCrmHubGrains(builder.Configuration);
            silo.AddCrmHubDashboard(builder.Configuration);
            silo.AddActivityPropagation();
        });
        builder.Services.AddHealthChecks().AddCrmHubSiloCheck();
        return builder;
    }
}
