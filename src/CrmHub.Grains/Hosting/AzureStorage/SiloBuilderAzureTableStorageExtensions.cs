using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;

namespace CrmHub.Grains.Hosting.AzureStorage;

public static class SiloBuilderAzureTableStorageExtensions
{
    /// <summary>
    /// Adds an <see cref="AzureTableGrainStorage"/> named <paramref name="name"/>, with the silo's grain-state serializer
    /// (see <see cref="SiloBuilderExtensions.AddCrmHubGrains"/>). Shaped like Orleans' <c>AddAzureTableGrainStorage</c>
    /// (named options configured through an <see cref="OptionsBuilder{TOptions}"/>), so the official provider can take its
    /// place; invalid options stop the silo at start.
    /// </summary>
    public static ISiloBuilder AddCrmHubAzureTableGrainStorage(
        this ISiloBuilder silo, string name, Action<OptionsBuilder<AzureTableGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var options = silo.Services.AddOptions<AzureTableGrainStorageOptions>(name);
        configureOptions(options);
        options.ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<AzureTableGrainStorageOptions>>(new Validation(name));
        silo.Services.AddGrainStorage(name, (services, storageName) => ActivatorUtilities.CreateInstance<AzureTableGrainStorage>(
            services,
            storageName,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<IOptionsMonitor<AzureTableGrainStorageOptions>>().Get(storageName)));
        return silo;
    }

    private sealed class Validation(string name) : IValidateOptions<AzureTableGrainStorageOptions>
    {
        public ValidateOptionsResult Validate(string? optionsName, AzureTableGrainStorageOptions options) =>
            optionsName != name ? ValidateOptionsResult.Skip
            : options.Validate() is { } problem ? ValidateOptionsResult.Fail($"Grain storage {name}: {problem}.")
            : ValidateOptionsResult.Success;
    }
}
