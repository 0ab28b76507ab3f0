using CrmHub.Domain.ContactCentre;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Tests.Hosting;

/// <summary><c>CrmHub:ContactCentre</c>: the contract's defaults, every key bindable, nonsense refused with the key named.</summary>
public sealed class ContactCentreOptionsTests
{
    private static ContactCentreOptions Bind(params (string Key, string Value)[] settings) =>
        BoundOptions.Of<ContactCentreOptions>(ContactCentreOptions.Section, (services, configuration) => services.AddCrmHubContactCentre(configuration), settings);

    [Fact]
    public void Unconfigured_settings_are_the_contract_defaults()
    {
        var options = Bind();

        (options.OfferTimeoutSeconds, options.MaxMissedOffers, options.OfflineGraceSeconds, options.StatsPushIntervalMs)
            .ShouldBe((20, 3, 30, 1000));
        options.Metrics.ShouldBe(QueueMetricsSettings.Default);
    }

    [Fact]
    public void Every_key_binds()
    {
        var options = Bind(("OfferTimeoutSeconds", "5"), ("MaxMissedOffers", "2"), ("OfflineGraceSeconds", "0"), ("StatsWindowMinutes", "15"),
            ("ServiceLevelThresholdSeconds", "30"), ("ServiceLevelTarget", "0.8"), ("StatsPushIntervalMs", "250"));

        (options.OfferTimeout, options.MaxMissedOffers, options.OfflineGrace, options.StatsPushInterval)
            .ShouldBe((TimeSpan.FromSeconds(5), 2, TimeSpan.Zero, TimeSpan.FromMilliseconds(250)));
        options.Metrics.ShouldBe(new QueueMetricsSettings(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), 0.8));
    }

    [Theory]
    [InlineData("OfferTimeoutSeconds", "0")]
    [InlineData("MaxMissedOffers", "0")]
    [InlineData("OfflineGraceSeconds", "-1")]
    [InlineData("StatsWindowMinutes", "0")]
    [InlineData("ServiceLevelThresholdSeconds", "-5")]
    [InlineData("ServiceLevelTarget", "1")]
    [InlineData("StatsPushIntervalMs", "0")]
    public void A_value_out_of_range_is_refused_naming_its_key(string key, string value) =>
        Should.Throw<OptionsValidationException>(() => Bind((key, value))).Message.ShouldContain($"{ContactCentreOptions.Section}:{key}");
}
