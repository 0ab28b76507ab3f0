using CrmHub.Abstractions.Crm;
using CrmHub.Domain.KeyAccounts;

namespace CrmHub.Domain.Tests.KeyAccounts;

public class KeyAccountStrategiesTests
{
    [Fact]
    public void A_price_sensitive_account_is_offered_volume_rebates_off_season_pricing_and_bundles() =>
        KeyAccountStrategies.For(KeyAccountSensitivity.PriceSensitive).ShouldBe([
            "Volume rebates on cumulative annual purchases: the more bought, the higher the rebate",
            "Off-season pricing",
            "Bundles",
        ]);

    [Fact]
    public void A_service_sensitive_account_is_offered_proactive_and_value_added_technical_service() =>
        KeyAccountStrategies.For(KeyAccountSensitivity.ServiceSensitive).ShouldBe([
            "Proactive service: remind the customer of the services they are owed",
            "Value-added technical service",
        ]);

    [Fact]
    public void A_technology_sensitive_account_is_offered_early_products_joint_trials_and_technical_training() =>
        KeyAccountStrategies.For(KeyAccountSensitivity.TechnologySensitive).ShouldBe([
            "Early access to new products",
            "Joint trials",
            "Technical training",
        ]);

    [Fact]
    public void Every_sensitivity_has_its_own_strategies() =>
        Enum.GetValues<KeyAccountSensitivity>().SelectMany(KeyAccountStrategies.For).ShouldBeUnique();

    [Fact]
    public void A_value_outside_the_sensitivity_vocabulary_is_rejected() =>
        Should.Throw<ArgumentOutOfRangeException>(() => KeyAccountStrategies.For((KeyAccountSensitivity)42));
}
