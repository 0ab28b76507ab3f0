using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Grains.Population;

public static class PopulationServiceCollectionExtensions
{
    /// <summary>The population options (<c>CrmHub:Population</c>) and this silo's tier cut-offs cache.</summary>
    public static IServiceCollection AddCrmHubPopulation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PopulationOptions>()
            .Bind(configuration.GetSection(PopulationOptions.Section))
            .Validate(options => options.Buckets >= 1, $"{PopulationOptions.Section}:{nameof(PopulationOptions.Buckets)} must be at least 1.")
            .Validate(options => options.ReevaluationsPerSecond > 0, $"{PopulationOptions.Section}:{nameof(PopulationOptions.ReevaluationsPerSecond)} must be above 0.")
            .Validate(options => options.ReevaluationConcurrency >= 1, $"{PopulationOptions.Section}:{nameof(PopulationOptions.ReevaluationConcurrency)} must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<ITierCutoffsCache, TierCutoffsCache>();
        return services;
    }
}
