using CrmHub.Domain.Customers;
using CrmHub.Domain.Value;

namespace CrmHub.Domain.Tests.Value;

public class ClvRulesTests
{
    private static readonly DateTimeOffset AsOf = Build.T0;

    /// <summary>A customer whose purchases bring a margin of 1,000 a year for two years (first purchase 730 days ago).</summary>
    private static readonly PurchaseFact[] ThousandAYear =
    [
        Build.Bought(Build.Day(-730), 1_500m, cost: 500m),
        Build.Bought(Build.Day(-100), 1_200m, cost: 200m),
    ];

    private static ClvResult Clv(PurchaseFact[] purchases, decimal retention, ValueSettings? settings = null, RefundFact[]? refunds = null) =>
        ClvRules.Clv(purchases, refunds ?? [], retention, AsOf, settings ?? ValueSettings.Default);

    private static decimal Cents(decimal value) => Math.Round(value, 2);

    [Fact]
    public void A_margin_of_1000_a_year_at_80_percent_retention_and_10_percent_discount_projects_2124_10_over_five_years()
    {
        var clv = Clv(ThousandAYear, retention: 0.8m);

        // Past at face value: 1,000 (year 0, 100 days ago) + 0 (year 1) + 1,000 (year 2: exactly 730 days ago) = 2,000.
        clv.PastYears.ToArray().ShouldBe([1_000m, 0m, 1_000m]);
        clv.PastValue.ShouldBe(2_000m);
        clv.RelationshipYears.ShouldBe(2m);
        clv.AverageAnnualMargin.ShouldBe(1_000m, "2,000 over 2 years");
        // Future, 1000 · 0.8^t / 1.1^t:
        //   t=1: 800    / 1.1     = 727.27
        //   t=2: 640    / 1.21    = 528.93
        //   t=3: 512    / 1.331   = 384.67
        //   t=4: 409.6  / 1.4641  = 279.76
        //   t=5: 327.68 / 1.61051 = 203.46
        //   sum                   = 2,124.10
        clv.ProjectedYears.Select(Cents).ShouldBe([727.27m, 528.93m, 384.67m, 279.76m, 203.46m]);
        Cents(clv.ProjectedValue).ShouldBe(2_124.10m);
        Cents(clv.Total).ShouldBe(4_124.10m, "2,000 past + 2,124.10 projected");
        (clv.Retention, clv.DiscountRate, clv.HorizonYears).ShouldBe((0.8m, 0.10m, 5));
    }

    [Fact]
    public void A_customer_of_six_months_is_averaged_over_one_full_year()
    {
        // Margin 1,500 in half a year: the average is 1,500 / max(1, 0.5) = 1,500 a year, not 3,000.
        // d = 20%, retention 0.5, 3 years: 1500 · 0.5^t / 1.2^t
        //   t=1: 750   / 1.2   = 625.00
        //   t=2: 375   / 1.44  = 260.42
        //   t=3: 187.5 / 1.728 = 108.51
        //   sum                = 993.92
        var settings = ValueSettings.Default with { DiscountRate = 0.20m, HorizonYears = 3 };

        var clv = Clv([Build.Bought(Build.Day(-182.5), 1_500m)], retention: 0.5m, settings);

        clv.RelationshipYears.ShouldBe(1m);
        clv.AverageAnnualMargin.ShouldBe(1_500m);
        clv.ProjectedYears.Select(Cents).ShouldBe([625.00m, 260.42m, 108.51m]);
        Cents(clv.ProjectedValue).ShouldBe(993.92m);
        Cents(clv.Total).ShouldBe(2_493.92m);
    }

    [Fact]
    public void A_relationship_of_a_year_and_a_half_averages_over_one_and_a_half_years()
    {
        var clv = Clv([Build.Bought(Build.Day(-547.5), 2_000m), Build.Bought(Build.Day(-10), 1_000m)], retention: 0m);

        clv.RelationshipYears.ShouldBe(1.5m);
        clv.AverageAnnualMargin.ShouldBe(2_000m, "3,000 / 1.5");
    }

    [Fact]
    public void A_customer_without_purchases_is_worth_nothing()
    {
        var clv = Clv([], retention: 0.9m);

        clv.PastYears.ShouldBeEmpty();
        clv.RelationshipYears.ShouldBe(0m);
        clv.AverageAnnualMargin.ShouldBe(0m);
        clv.ProjectedYears.ShouldBe([0m, 0m, 0m, 0m, 0m]);
        clv.Total.ShouldBe(0m);
    }

    [Fact]
    public void With_no_retention_nothing_is_projected_and_clv_is_the_past()
    {
        var clv = Clv(ThousandAYear, retention: 0m);

        clv.ProjectedValue.ShouldBe(0m);
        clv.Total.ShouldBe(2_000m);
    }

    [Fact]
    public void With_full_retention_the_margin_is_only_discounted()
    {
        // 1000 / 1.1^t: 909.09 + 826.45 + 751.31 + 683.01 + 620.92 = 3,790.79
        var clv = Clv(ThousandAYear, retention: 1m);

        clv.ProjectedYears.Select(Cents).ShouldBe([909.09m, 826.45m, 751.31m, 683.01m, 620.92m]);
        Cents(clv.ProjectedValue).ShouldBe(3_790.79m);
    }

    [Fact]
    public void With_full_retention_and_no_discount_each_future_year_brings_the_average_margin() =>
        Clv(ThousandAYear, retention: 1m, ValueSettings.Default with { DiscountRate = 0m }).ProjectedValue.ShouldBe(5_000m, "1,000 × 5 years");

    [Fact]
    public void Without_discount_the_projection_only_decays_with_retention() =>
        // 1000 · 0.8^t: 800 + 640 + 512 + 409.6 + 327.68 = 2,689.28, exactly.
        Clv(ThousandAYear, retention: 0.8m, ValueSettings.Default with { DiscountRate = 0m }).ProjectedValue.ShouldBe(2_689.28m);

    [Fact]
    public void The_horizon_is_a_setting()
    {
        var clv = Clv(ThousandAYear, retention: 1m, ValueSettings.Default with { DiscountRate = 0m, HorizonYears = 2 });

        clv.ProjectedYears.ShouldBe([1_000m, 1_000m]);
        clv.HorizonYears.ShouldBe(2);
    }

    [Fact]
    public void Past_years_count_at_face_value_without_discount_or_compounding()
    {
        // 100 in each of the last four years: the past is 400, not discounted nor grown.
        var clv = Clv([.. Enumerable.Range(0, 4).Select(year => Build.Bought(Build.Day(-1 - (365 * year)), 100m))], retention: 0m);

        clv.PastYears.ToArray().ShouldBe([100m, 100m, 100m, 100m]);
        clv.Total.ShouldBe(400m);
    }

    [Fact]
    public void Refunds_and_known_costs_lower_the_past_and_a_missing_cost_counts_in_full()
    {
        var clv = Clv([Build.Bought(Build.Day(-20), 500m, cost: 100m), Build.Bought(Build.Day(-10), 300m)], retention: 0m,
            refunds: [Build.Refunded(Build.Day(-5), 150m)]);

        clv.PastValue.ShouldBe(550m, "500 − 100 + 300 − 150");
    }

    [Fact]
    public void Facts_after_the_as_of_time_are_ignored() =>
        Clv([Build.Bought(Build.Day(-1), 100m), Build.Bought(Build.Day(1), 900m)], retention: 0m, refunds: [Build.Refunded(Build.Day(2), 50m)])
            .Total.ShouldBe(100m);

    [Fact]
    public void A_loss_making_customer_has_a_negative_projection()
    {
        var clv = Clv([Build.Bought(Build.Day(-30), 100m, cost: 300m)], retention: 1m, ValueSettings.Default with { DiscountRate = 0m, HorizonYears = 1 });

        clv.Total.ShouldBe(-400m, "−200 past, −200 projected");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    public void A_retention_outside_zero_to_one_is_rejected(decimal retention) =>
        Should.Throw<ArgumentOutOfRangeException>(() => Clv(ThousandAYear, retention));

    [Fact]
    public void Customer_equity_is_the_sum_of_clv_over_customers_with_potential_customers_at_zero()
    {
        ClvResult[] customers = [Clv(ThousandAYear, 0.8m), Clv(ThousandAYear, 0m), Clv([], 0.8m)];

        var equity = CustomerEquity.Of(customers);

        equity.Customers.ShouldBe(3);
        equity.PastValue.ShouldBe(4_000m);
        equity.Total.ShouldBe(customers.Sum(clv => clv.Total));
        Cents(equity.Total).ShouldBe(6_124.10m, "4,124.10 + 2,000 + 0");
    }

    [Fact]
    public void Customer_equity_merged_from_buckets_equals_the_equity_of_all_customers()
    {
        ClvResult[] customers = [Clv(ThousandAYear, 0.8m), Clv(ThousandAYear, 1m), Clv(ThousandAYear, 0.3m)];

        CustomerEquity.Of(customers[..1]).Merge(CustomerEquity.Of(customers[1..])).ShouldBe(CustomerEquity.Of(customers));
    }
}
