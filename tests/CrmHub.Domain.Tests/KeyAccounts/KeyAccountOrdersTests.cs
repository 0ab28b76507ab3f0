using CrmHub.Domain.KeyAccounts;

namespace CrmHub.Domain.Tests.KeyAccounts;

public class KeyAccountOrdersTests
{
    private static readonly decimal Threshold = KeyAccountSettings.Default.LargeOrderAmount;

    [Fact]
    public void The_default_large_order_amount_is_ten_thousand() => Threshold.ShouldBe(10_000m);

    [Fact]
    public void An_order_of_exactly_the_threshold_is_large() => KeyAccountOrders.IsLargeOrder(10_000m, Threshold).ShouldBeTrue();

    [Fact]
    public void An_order_a_cent_below_the_threshold_is_not_large() => KeyAccountOrders.IsLargeOrder(9_999.99m, Threshold).ShouldBeFalse();

    [Fact]
    public void The_threshold_is_a_setting() => KeyAccountOrders.IsLargeOrder(600m, 500m).ShouldBeTrue();
}
