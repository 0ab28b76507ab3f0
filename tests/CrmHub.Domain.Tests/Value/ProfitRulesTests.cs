using CrmHub.Domain.Customers;
using CrmHub.Domain.Value;

namespace CrmHub.Domain.Tests.Value;

public class ProfitRulesTests
{
    private static readonly DateTimeOffset AsOf = Build.T0;

    private static RollingProfit Rolling(PurchaseFact[] purchases, RefundFact[]? refunds = null, ValueSettings? settings = null) =>
        ProfitRules.Rolling(purchases, refunds ?? [], AsOf, settings ?? ValueSettings.Default);

    [Fact]
    public void Profit_is_revenue_minus_cost_minus_refunds()
    {
        var profit = Rolling([Build.Bought(Build.Day(-10), 500m, cost: 300m), Build.Bought(Build.Day(-5), 200m, cost: 50m)], [Build.Refunded(Build.Day(-2), 100m)]);

        profit.ShouldBe(new RollingProfit(Revenue: 700m, Cost: 350m, Refunds: 100m));
        profit.Profit.ShouldBe(250m, "700 − 350 − 100");
    }

    [Fact]
    public void A_purchase_without_a_cost_counts_its_whole_amount_as_profit() =>
        Rolling([Build.Bought(Build.Day(-1), 120m, cost: null)]).Profit.ShouldBe(120m);

    [Fact]
    public void A_purchase_made_exactly_365_days_before_has_left_the_window() =>
        Rolling([Build.Bought(Build.Day(-365), 100m)]).ShouldBe(RollingProfit.Zero);

    [Fact]
    public void A_purchase_made_a_moment_less_than_365_days_before_still_counts() =>
        Rolling([Build.Bought(Build.Day(-365).AddTicks(1), 100m)]).Profit.ShouldBe(100m);

    [Fact]
    public void A_purchase_made_at_the_as_of_time_counts_but_a_later_one_has_not_happened_yet() =>
        Rolling([Build.Bought(AsOf, 100m), Build.Bought(AsOf.AddTicks(1), 40m)]).Revenue.ShouldBe(100m);

    [Fact]
    public void A_refund_lowers_profit_when_it_is_paid_even_if_the_purchase_it_undoes_has_left_the_window()
    {
        var profit = Rolling([Build.Bought(Build.Day(-400), 300m)], [Build.Refunded(Build.Day(-30), 300m)]);

        profit.ShouldBe(new RollingProfit(0m, 0m, 300m));
        profit.Profit.ShouldBe(-300m);
    }

    [Fact]
    public void A_refund_paid_before_the_window_does_not_count() =>
        Rolling([Build.Bought(Build.Day(-10), 50m)], [Build.Refunded(Build.Day(-366), 300m)]).Profit.ShouldBe(50m);

    [Fact]
    public void The_window_length_is_a_setting()
    {
        var quarter = ValueSettings.Default with { ProfitWindow = TimeSpan.FromDays(90) };

        Rolling([Build.Bought(Build.Day(-89), 10m), Build.Bought(Build.Day(-90), 20m), Build.Bought(Build.Day(-200), 40m)], settings: quarter)
            .Profit.ShouldBe(10m);
    }

    [Fact]
    public void A_customer_without_purchases_or_refunds_has_zero_profit() =>
        Rolling([]).ShouldBe(RollingProfit.Zero);

    [Fact]
    public void A_cost_above_the_amount_makes_a_loss() =>
        Rolling([Build.Bought(Build.Day(-1), 100m, cost: 130m)]).Profit.ShouldBe(-30m);
}
