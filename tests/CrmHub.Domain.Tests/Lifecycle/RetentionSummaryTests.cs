using System.Collections.Immutable;
using CrmHub.Domain.Lifecycle;

namespace CrmHub.Domain.Tests.Lifecycle;

public class RetentionSummaryTests
{
    private static readonly LifecycleSettings Settings = LifecycleSettings.Default;

    /// <summary>The period under test: 30 days, [T0, T0 + 30 days).</summary>
    private static RetentionSummary InMonth(params double[] purchaseDays) =>
        RetentionSummary.ForCustomer(Build.Days(purchaseDays), Build.T0, Build.Day(30), Settings);

    [Fact]
    public void A_customer_who_bought_in_the_period_and_is_active_at_its_end_is_retained() =>
        InMonth(10).ShouldBe(new RetentionSummary(Customers: 1, Churned: 0, WinBacks: 0));

    [Fact]
    public void A_customer_not_yet_churned_at_the_start_who_passes_the_churn_period_within_it_is_churned() =>
        InMonth(-170).ShouldBe(new RetentionSummary(Customers: 1, Churned: 1, WinBacks: 0));

    [Fact]
    public void A_customer_silent_for_exactly_180_days_at_the_end_of_the_period_is_retained() =>
        InMonth(-150).ShouldBe(new RetentionSummary(Customers: 1, Churned: 0, WinBacks: 0));

    [Fact]
    public void A_customer_silent_for_181_days_at_the_end_of_the_period_is_churned() =>
        InMonth(-151).ShouldBe(new RetentionSummary(Customers: 1, Churned: 1, WinBacks: 0));

    [Fact]
    public void A_customer_last_seen_exactly_180_days_before_the_period_counts_and_churns_in_it() =>
        InMonth(-180).ShouldBe(new RetentionSummary(Customers: 1, Churned: 1, WinBacks: 0));

    [Fact]
    public void A_customer_already_churned_when_the_period_starts_does_not_count() => InMonth(-181).ShouldBe(RetentionSummary.Empty);

    [Fact]
    public void A_party_that_never_bought_does_not_count() => InMonth().ShouldBe(RetentionSummary.Empty);

    [Fact]
    public void A_churned_customer_who_buys_in_the_period_is_won_back_and_retained() =>
        InMonth(-300, 5).ShouldBe(new RetentionSummary(Customers: 1, Churned: 0, WinBacks: 1));

    [Fact]
    public void A_win_back_before_the_period_is_not_counted_in_it() =>
        InMonth(-300, -10, 5).ShouldBe(new RetentionSummary(Customers: 1, Churned: 0, WinBacks: 0));

    [Fact]
    public void A_purchase_at_the_end_instant_belongs_to_the_next_period()
    {
        InMonth(-170, 30).ShouldBe(new RetentionSummary(Customers: 1, Churned: 1, WinBacks: 0));
        InMonth(-300, 30).ShouldBe(RetentionSummary.Empty);
    }

    [Fact]
    public void A_purchase_at_the_start_instant_belongs_to_the_period() =>
        InMonth(-300, 0).ShouldBe(new RetentionSummary(Customers: 1, Churned: 0, WinBacks: 1));

    [Fact]
    public void Over_a_year_a_customer_who_bought_early_and_then_fell_silent_is_churned() =>
        RetentionSummary.ForCustomer(Build.Days(20), Build.T0, Build.Day(365), Settings)
            .ShouldBe(new RetentionSummary(Customers: 1, Churned: 1, WinBacks: 0));

    [Fact]
    public void Churn_rate_is_churned_over_customers_and_retention_is_one_minus_churn()
    {
        var summary = RetentionSummary.MergeAll([InMonth(10), InMonth(-170), InMonth(-100), InMonth(-300, 5), InMonth(-400)]);

        summary.ShouldBe(new RetentionSummary(Customers: 4, Churned: 1, WinBacks: 1));
        summary.Retained.ShouldBe(3);
        summary.ChurnRate.ShouldBe(0.25m);
        summary.RetentionRate.ShouldBe(0.75m);
    }

    [Fact]
    public void A_period_without_customers_has_no_rates()
    {
        RetentionSummary.Empty.ChurnRate.ShouldBeNull();
        RetentionSummary.Empty.RetentionRate.ShouldBeNull();
    }

    [Fact]
    public void An_empty_period_is_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => RetentionSummary.ForCustomer(Build.Days(0), Build.T0, Build.T0, Settings));

    [Fact]
    public void The_churn_period_is_a_setting() =>
        RetentionSummary.ForCustomer(Build.Days(-20), Build.T0, Build.Day(30), Settings with { ChurnAfterDays = 40 })
            .ShouldBe(new RetentionSummary(Customers: 1, Churned: 1, WinBacks: 0));

    [Property]
    public Property Merging_is_associative_and_empty_is_neutral() =>
        Prop.ForAll(Summaries.ToArbitrary(), Summaries.ToArbitrary(), Summaries.ToArbitrary(), (a, b, c) =>
        {
            a.Merge(b).Merge(c).ShouldBe(a.Merge(b.Merge(c)));
            a.Merge(b).ShouldBe(b.Merge(a));
            a.Merge(RetentionSummary.Empty).ShouldBe(a);
            RetentionSummary.Empty.Merge(a).ShouldBe(a);
        });

    [Property]
    public Property Merging_the_summaries_of_two_groups_of_customers_equals_the_summary_of_all_of_them() =>
        Prop.ForAll(LifecycleGen.Purchases.ArrayOf().ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), Period.ToArbitrary(), (customers, splitPercent, period) =>
        {
            var split = customers.Length * splitPercent / 100;
            RetentionSummary Of(IEnumerable<ImmutableArray<DateTimeOffset>> group) =>
                RetentionSummary.MergeAll(group.Select(purchases => RetentionSummary.ForCustomer(purchases, period.From, period.To, Settings)));

            Of(customers.Take(split)).Merge(Of(customers.Skip(split))).ShouldBe(Of(customers));
        });

    [Property]
    public Property A_customer_counts_at_most_once_and_churn_plus_retention_is_one() =>
        Prop.ForAll(LifecycleGen.Purchases.ToArbitrary(), Period.ToArbitrary(), (purchases, period) =>
        {
            var summary = RetentionSummary.ForCustomer(purchases, period.From, period.To, Settings);

            summary.Customers.ShouldBeInRange(0, 1);
            summary.Churned.ShouldBeInRange(0, summary.Customers);
            summary.WinBacks.ShouldBeGreaterThanOrEqualTo(0);
            if (summary.Customers > 0)
                (summary.ChurnRate + summary.RetentionRate).ShouldBe(1m);
        });

    private static Gen<RetentionSummary> Summaries { get; } =
        from customers in Gen.Choose(0, 1000)
        from churnedPermille in Gen.Choose(0, 1000)
        from winBacks in Gen.Choose(0, 100)
        select new RetentionSummary(customers, customers * churnedPermille / 1000, winBacks);

    private static Gen<(DateTimeOffset From, DateTimeOffset To)> Period { get; } =
        from start in LifecycleGen.AsOf
        from days in Gen.Choose(1, 400)
        select (start, start.AddDays(days));
}
