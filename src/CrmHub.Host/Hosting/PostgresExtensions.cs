using CrmHub.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmHub.Host;

/// <summary>
/// The PostgreSQL profile: Orleans' ADO.NET providers (invariant <c>Npgsql</c>) on <c>ConnectionStrings:CrmHub</c> for
/// grain state and reminders (<c>CrmHub:Storage:Provider=Postgres</c>) and for cluster membership
/// (<c>CrmHub:Cluster:Provider=Postgres</c>). The schema comes from <c>deploy/postgres/</c> (see <see cref="PostgresSchema"/>).
/// </summary>
public static class PostgresExtensions
{
    /// <summary>The name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "CrmHub";

    /// <summary>The ADO.NET invariant name the Orleans providers load Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary><c>CrmHub:Cluster:AdvertisedAddress</c>: the IP address other silos reach this one at (default: Orleans picks one).</summary>
    public const string AdvertisedAddressKey = ClusterOptions.Section + ":AdvertisedAddress";

    /// <summary>Grain state and reminders in PostgreSQL.</summary>
    public static ISiloBuilder AddCrmHubPostgresStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = RequireConnectionString(configuration, "CrmHub:Storage:Provider=Postgres");
        silo.AddAdoNetGrainStorage(StorageNames.Crm, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        return silo.ApplyPostgresSchemaWhenAsked(configuration, connectionString);
    }

    /// <summary>Membership in PostgreSQL: every silo with the same cluster id and database forms one cluster.</summary>
    public static ISiloBuilder UseCrmHubPostgresClustering(this ISiloBuilder silo, ClusterOptions cluster, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var connectionString = RequireConnectionString(configuration, "CrmHub:Cluster:Provider=Postgres");
        silo.Configure<Orleans.Configuration.ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        var advertised = configuration[AdvertisedAddressKey];
        if (string.IsNullOrWhiteSpace(advertised))
        {
            silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        else if (System.Net.IPAddress.TryParse(advertised, out var address))
        {
            silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            throw new CrmHubConfigurationException($"{AdvertisedAddressKey} '{advertised}' is not an IP address.");
        }
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        return silo.ApplyPostgresSchemaWhenAsked(configuration, connectionString);
    }

    private static ISiloBuilder ApplyPostgresSchemaWhenAsked(this ISiloBuilder silo, IConfiguration configuration, string connectionString)
    {
        if (configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.ApplySchema == true)
        {
            // Storage and clustering may both ask: the scripts run once, before either provider reads its queries.
            silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaOnStart>(
                services => new PostgresSchemaOnStart(connectionString, services.GetRequiredService<ILogger<PostgresSchemaOnStart>>())));
        }
        return silo;
    }

    internal static string RequireConnectionString(IConfiguration configuration, string requiredBy)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new CrmHubConfigurationException($"{requiredBy} needs ConnectionStrings:{ConnectionStringName} (a PostgreSQL connection string).")
            : connectionString;
    }
}

/// <summary>Applies <see cref="PostgresSchema"/> first thing when the silo starts (<c>CrmHub:Storage:ApplySchema=true</c>).</summary>
internal sealed partial class PostgresSchemaOnStart(string connectionString, ILogger<PostgresSchemaOnStart> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaOnStart), ServiceLifecycleStage.First, async cancellationToken =>
        {
            var applied = await PostgresSchema.ApplyAsync(connectionString, cancellationToken);
            LogApplied(logger, string.Join(", ", applied));
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema applied: {Scripts}")]
    private static partial void LogApplied(ILogger logger, string scripts);
}
