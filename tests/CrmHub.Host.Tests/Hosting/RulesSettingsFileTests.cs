using CrmHub.Domain;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace CrmHub.Host.Tests.Hosting;

/// <summary>The <c>CrmHub:Rules</c> section of the committed appsettings.json: the brief's defaults, every key a known one.</summary>
public sealed class RulesSettingsFileTests
{
    private static RulesOptions Committed()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();
        var section = configuration.GetSection(RulesOptions.Section);
        section.Exists().ShouldBeTrue("appsettings.json should spell out the rule thresholds");
        return section.Get<RulesOptions>(binder => binder.ErrorOnUnknownConfiguration = true).ShouldNotBeNull();
    }

    [Fact]
    public void The_committed_rule_thresholds_are_the_domain_defaults()
    {
        var rules = Committed();

        rules.Settings.ShouldBe(CrmRuleSettings.Default);
        rules.Pyramid.RefreshPeriod.ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void The_committed_rule_thresholds_pass_validation()
    {
        var result = new RulesOptionsValidator().Validate(null, Committed());

        result.Succeeded.ShouldBeTrue(result.FailureMessage);
    }
}
