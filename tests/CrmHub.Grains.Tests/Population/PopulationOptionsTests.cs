using CrmHub.Grains.Population;
using CrmHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Tests.Population;

/// <summary><c>CrmHub:Population</c>: defaults, and values that would stop the population working refused by name.</summary>
public sealed class PopulationOptionsTests
{
    private static PopulationOptions Bind(params (string Key, string Value)[] settings) =>
        BoundOptions.Of<PopulationOptions>(PopulationOptions.Section, (services, configuration) => services.AddCrmHubPopulation(configuration), settings);

    [Fact]
    public void Without_settings_customers_are_spread_over_sixteen_buckets_and_re_evaluated_a_hundred_a_second_four_at_a_time()
    {
        var options = Bind();

        options.Buckets.ShouldBe(16);
        options.ReevaluationsPerSecond.ShouldBe(100);
        options.ReevaluationConcurrency.ShouldBe(4);
    }

    [Theory]
    [InlineData(nameof(PopulationOptions.Buckets))]
    [InlineData(nameof(PopulationOptions.ReevaluationConcurrency))]
    public void A_setting_below_one_is_refused_with_its_key(string key)
    {
        var refused = Should.Throw<OptionsValidationException>(() => Bind((key, "0")));

        refused.Message.ShouldContain($"{PopulationOptions.Section}:{key} must be at least 1");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void A_pace_of_no_re_evaluations_per_second_is_refused_with_its_key(string perSecond)
    {
        var refused = Should.Throw<OptionsValidationException>(() => Bind((nameof(PopulationOptions.ReevaluationsPerSecond), perSecond)));

        refused.Message.ShouldContain($"{PopulationOptions.Section}:{nameof(PopulationOptions.ReevaluationsPerSecond)} must be above 0");
    }
}
