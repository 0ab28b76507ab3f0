using System.Text.Json.Serialization;
using CrmHub.Grains.Population;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace CrmHub.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// What every silo hosting CrmHub grains needs besides clustering and a storage provider named
    /// <see cref="StorageNames.Crm"/>: options, the clock, and readable JSON grain state.
    /// </summary>
    public static ISiloBuilder AddCrmHubGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.Configure<CustomerOptions>(configuration.GetSection(CustomerOptions.Section));
        services.Configure<InboxOptions>(configuration.GetSection(InboxOptions.Section));
        services.Configure<RealtimeOptions>(configuration.GetSection(RealtimeOptions.Section));
        services.Configure<RulesOptions>(configuration.GetSection(RulesOptions.Section));
        services.AddCrmHubRulesValidation();
        services.AddCrmHubPopulation(configuration);
        services.AddCrmHubContactCentre(configuration);
        services.TryAddSingleton(TimeProvider.System);

        // Grain state is stored as JSON: readable on disk and in SQL, tolerant of added fields.
        // Derived (get-only) properties are recomputed from facts, so they are not stored.
        silo.UseSystemTextJsonGrainStorageSerializer();
        services.Configure<SystemTextJsonGrainStorageSerializerOptions>(options =>
        {
            options.JsonSerializerOptions.IgnoreReadOnlyProperties = true;
            options.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        return silo;
    }
}
