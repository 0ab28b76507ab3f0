using System.Globalization;
using CrmHub.Domain.ContactCentre;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Hosting;

/// <summary>D10 contact-centre tunables, section <c>CrmHub:ContactCentre</c>; checked at start (<see cref="ContactCentreOptionsValidator"/>).</summary>
public sealed class ContactCentreOptions
{
    public const string Section = "CrmHub:ContactCentre";

    /// <summary>How long an agent has to accept an offered work item before it goes to the next agent.</summary>
    public int OfferTimeoutSeconds { get; set; } = 20;

    /// <summary>Offers missed in a row (timed out) after which the agent is put on Break.</summary>
    public int MaxMissedOffers { get; set; } = 3;

    /// <summary>How long after the agent's last console closed (or its silo stopped renewing it) the agent goes Offline.</summary>
    public int OfflineGraceSeconds { get; set; } = 30;

    /// <summary>The rolling window of the queue figures.</summary>
    public int StatsWindowMinutes { get; set; } = 30;

    /// <summary>Answered within this many seconds counts as within the service level.</summary>
    public int ServiceLevelThresholdSeconds { get; set; } = 20;

    /// <summary>The service-level target, a share in (0, 1).</summary>
    public double ServiceLevelTarget { get; set; } = 0.85;

    /// <summary>How often (at most) a queue's figures are pushed to supervisors' consoles.</summary>
    public int StatsPushIntervalMs { get; set; } = 1000;

    public TimeSpan OfferTimeout => TimeSpan.FromSeconds(OfferTimeoutSeconds);

    public TimeSpan OfflineGrace => TimeSpan.FromSeconds(OfflineGraceSeconds);

    public TimeSpan StatsPushInterval => TimeSpan.FromMilliseconds(StatsPushIntervalMs);

    /// <summary>The metric settings as the domain takes them.</summary>
    public QueueMetricsSettings Metrics => new(
        TimeSpan.FromMinutes(StatsWindowMinutes), TimeSpan.FromSeconds(ServiceLevelThresholdSeconds), ServiceLevelTarget);
}

/// <summary>Stops the host with a message naming the key when a contact-centre setting is out of range.</summary>
public sealed class ContactCentreOptionsValidator : IValidateOptions<ContactCentreOptions>
{
    public ValidateOptionsResult Validate(string? name, ContactCentreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        void Positive(string key, int value)
        {
            if (value <= 0)
                failures.Add($"{ContactCentreOptions.Section}:{key} must be greater than 0 (was {value.ToString(CultureInfo.InvariantCulture)}).");
        }

        Positive(nameof(options.OfferTimeoutSeconds), options.OfferTimeoutSeconds);
        Positive(nameof(options.MaxMissedOffers), options.MaxMissedOffers);
        Positive(nameof(options.StatsWindowMinutes), options.StatsWindowMinutes);
        Positive(nameof(options.StatsPushIntervalMs), options.StatsPushIntervalMs);
        if (options.OfflineGraceSeconds < 0)
            failures.Add($"{ContactCentreOptions.Section}:{nameof(options.OfflineGraceSeconds)} must not be negative (was {options.OfflineGraceSeconds.ToString(CultureInfo.InvariantCulture)}).");
        if (options.ServiceLevelThresholdSeconds < 0)
            failures.Add($"{ContactCentreOptions.Section}:{nameof(options.ServiceLevelThresholdSeconds)} must not be negative (was {options.ServiceLevelThresholdSeconds.ToString(CultureInfo.InvariantCulture)}).");
        if (!(options.ServiceLevelTarget is > 0 and < 1))
            failures.Add($"{ContactCentreOptions.Section}:{nameof(options.ServiceLevelTarget)} must be a share above 0 and below 1 (was {options.ServiceLevelTarget.ToString(CultureInfo.InvariantCulture)}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class ContactCentreServiceCollectionExtensions
{
    /// <summary>Binds <c>CrmHub:ContactCentre</c> and checks it when the host starts.</summary>
    public static IServiceCollection AddCrmHubContactCentre(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContactCentreOptions>().Bind(configuration.GetSection(ContactCentreOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ContactCentreOptions>, ContactCentreOptionsValidator>());
        return services;
    }
}
