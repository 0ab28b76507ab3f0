using CrmHub.Abstractions.Crm;
using CrmHub.Domain;
using CrmHub.Domain.Complaints;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Tests.Hosting;

/// <summary><c>CrmHub:Rules</c>: the domain's defaults, every key bindable, and nonsense refused at start with the key named.</summary>
public sealed class RulesOptionsTests
{
    private static RulesOptions Bind(IReadOnlyDictionary<string, string?> settings)
    {
        using var services = Services(settings).BuildServiceProvider();
        return services.GetRequiredService<IOptions<RulesOptions>>().Value;
    }

    private static ServiceCollection Services(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.Configure<RulesOptions>(configuration.GetSection(RulesOptions.Section));
        services.AddCrmHubRulesValidation();
        return services;
    }

    private static Dictionary<string, string?> Rules(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(setting => $"{RulesOptions.Section}:{setting.Key}", string? (setting) => setting.Value);

    [Fact]
    public void Unconfigured_rules_are_the_domain_defaults()
    {
        new RulesOptions().Settings.ShouldBe(CrmRuleSettings.Default);
        Bind(Rules()).Settings.ShouldBe(CrmRuleSettings.Default);
    }

    [Fact]
    public void The_defaults_pass_validation()
    {
        new RulesOptionsValidator().Validate(null, new RulesOptions()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void The_pyramid_refresh_period_defaults_to_ten_seconds()
    {
        new RulesOptions().Pyramid.RefreshPeriod.ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Configured_keys_change_the_settings_the_rules_get()
    {
        var options = Bind(Rules(
            ("Pyramid:PlatinumShare", "0.02"),
            ("Pyramid:ProfitWindowDays", "180"),
            ("Pyramid:RefreshPeriod", "00:00:02"),
            ("Clv:DiscountRate", "0.12"),
            ("Clv:DefaultRetention", "0.7"),
            ("Lifecycle:ChurnAfterDays", "200"),
            ("ChurnRisk:WarningScore", "0.6"),
            ("Relationship:FollowUpWithin", "7.00:00:00"),
            ("Receivables:LongTermMaxDays", "400"),
            ("KeyAccounts:DefaultManagerId", "km-1"),
            ("KeyAccounts:VisitCadenceDays", "14"),
            ("LargeOrderAmount", "5000"),
            ("ComplaintSla:Platinum:FirstResponse", "00:05:00"),
            ("ComplaintSla:Gold:Resolution", "1.12:00:00"),
            ("ComplaintSla:WarningShare", "0.5")));
        var settings = options.Settings;

        options.Pyramid.RefreshPeriod.ShouldBe(TimeSpan.FromSeconds(2));
        settings.Value.ShouldBe(CrmRuleSettings.Default.Value with
        {
            PlatinumShare = 0.02m,
            ProfitWindow = TimeSpan.FromDays(180),
            DiscountRate = 0.12m,
            DefaultRetention = 0.7m,
        });
        settings.Lifecycle.ShouldBe(CrmRuleSettings.Default.Lifecycle with { ChurnAfterDays = 200 });
        settings.ChurnRisk.ShouldBe(CrmRuleSettings.Default.ChurnRisk with { WarningScore = 0.6m });
        settings.Relationship.ShouldBe(CrmRuleSettings.Default.Relationship with { FollowUpWithin = TimeSpan.FromDays(7) });
        settings.Receivables.ShouldBe(CrmRuleSettings.Default.Receivables with { LongTermMaxDays = 400 });
        settings.KeyAccounts.ShouldBe(CrmRuleSettings.Default.KeyAccounts with
        {
            DefaultManagerId = "km-1",
            VisitCadenceDays = 14,
            LargeOrderAmount = 5000m,
        });
        settings.ComplaintSla.For(Tier.Platinum).ShouldBe(new SlaTargets(TimeSpan.FromMinutes(5), TimeSpan.FromHours(8)));
        settings.ComplaintSla.For(Tier.Gold).ShouldBe(new SlaTargets(TimeSpan.FromHours(4), TimeSpan.FromHours(36)));
        settings.ComplaintSla.For(Tier.Lead).ShouldBe(ComplaintSlaSettings.Default.Lead);
        settings.ComplaintSla.WarningShare.ShouldBe(0.5);
    }

    [Fact]
    public void A_blank_default_manager_means_none()
    {
        Bind(Rules(("KeyAccounts:DefaultManagerId", " "))).Settings.KeyAccounts.DefaultManagerId.ShouldBeNull();
    }

    [Theory]
    [InlineData("Pyramid:PlatinumShare", "1.5")]
    [InlineData("Pyramid:GoldShare", "-0.1")]
    [InlineData("Pyramid:RefreshPeriod", "00:00:00")]
    [InlineData("Pyramid:ProfitWindowDays", "0")]
    [InlineData("Clv:DiscountRate", "-0.01")]
    [InlineData("Clv:HorizonYears", "0")]
    [InlineData("Clv:DefaultRetention", "1.2")]
    [InlineData("Lifecycle:ActiveWithinDays", "0")]
    [InlineData("Lifecycle:ChurnAfterDays", "90")]
    [InlineData("Lifecycle:LoyalMinPurchases", "0")]
    [InlineData("ChurnRisk:OpenComplaintsWeight", "-1")]
    [InlineData("ChurnRisk:GapRatioForFull", "1")]
    [InlineData("ChurnRisk:RepeatedComplaintsForFull", "1")]
    [InlineData("ChurnRisk:WarningScore", "0")]
    [InlineData("ChurnRisk:RiseStep", "2")]
    [InlineData("Relationship:FollowUpWithin", "-1.00:00:00")]
    [InlineData("Relationship:ProactiveWindows", "0")]
    [InlineData("Receivables:ShortTermMaxDays", "0")]
    [InlineData("Receivables:LongTermMaxDays", "90")]
    [InlineData("KeyAccounts:EvaluationsBelowGoldToLeave", "0")]
    [InlineData("KeyAccounts:VisitCadenceDays", "0")]
    [InlineData("LargeOrderAmount", "0")]
    [InlineData("ComplaintSla:Platinum:FirstResponse", "00:00:00")]
    [InlineData("ComplaintSla:Iron:Resolution", "01:00:00")]
    [InlineData("ComplaintSla:WarningShare", "0")]
    [InlineData("ComplaintSla:WarningShare", "1.1")]
    public void An_invalid_value_is_refused_with_a_message_naming_its_key(string key, string value)
    {
        var failure = Should.Throw<OptionsValidationException>(() => Bind(Rules((key, value))));

        failure.Message.ShouldContain($"{RulesOptions.Section}:{key} ");
    }

    [Fact]
    public void Shares_that_add_up_to_more_than_everyone_are_refused()
    {
        var failure = Should.Throw<OptionsValidationException>(() => Bind(Rules(
            ("Pyramid:PlatinumShare", "0.5"), ("Pyramid:GoldShare", "0.4"), ("Pyramid:IronShare", "0.2"))));

        failure.Message.ShouldContain("CrmHub:Rules:Pyramid:PlatinumShare plus CrmHub:Rules:Pyramid:GoldShare and CrmHub:Rules:Pyramid:IronShare must be at most 1");
    }

    [Fact]
    public void Churn_risk_weights_that_are_all_zero_are_refused()
    {
        var failure = Should.Throw<OptionsValidationException>(() => Bind(Rules(
            ("ChurnRisk:GrowingGapWeight", "0"),
            ("ChurnRisk:OpenComplaintsWeight", "0"),
            ("ChurnRisk:RepeatedComplaintsWeight", "0"),
            ("ChurnRisk:FallingSatisfactionWeight", "0"),
            ("ChurnRisk:OverdueReceivablesWeight", "0"))));

        failure.Message.ShouldContain("CrmHub:Rules:ChurnRisk:GrowingGapWeight and the other CrmHub:Rules:ChurnRisk weights must not all be 0");
    }

    [Fact]
    public async Task A_host_with_an_invalid_rule_does_not_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(Rules(("Lifecycle:ChurnAfterDays", "30")));
        builder.Services.Configure<RulesOptions>(builder.Configuration.GetSection(RulesOptions.Section));
        builder.Services.AddCrmHubRulesValidation();
        using var host = builder.Build();

        var failure = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        failure.Message.ShouldContain("CrmHub:Rules:Lifecycle:ChurnAfterDays must be greater than CrmHub:Rules:Lifecycle:ActiveWithinDays");
    }
}
