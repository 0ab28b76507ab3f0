using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Lifecycle;

namespace CrmHub.Domain.Tests.Lifecycle;

public class CustomerLifecycleTests
{
    private static readonly LifecycleSettings Settings = LifecycleSettings.Default;

    private static LifecycleFacts NoPurchases { get; } = new([], HasKnownNeed: false, Targeted: false, MarkedNonCustomer: false, LatestSatisfaction: null);

    private static LifecycleAssessment AssessAt(double asOfDay, ImmutableArray<DateTimeOffset> purchases, SatisfactionLevel? satisfaction = null, LifecycleSettings? settings = null) =>
        CustomerLifecycle.Assess(Build.Buyer(purchases, satisfaction), Build.Day(asOfDay), settings ?? Settings);

    private static LifecycleStage StageAt(double asOfDay, params double[] purchaseDays) => AssessAt(asOfDay, Build.Days(purchaseDays)).Stage;

    /// <summary>Five purchases 80 days apart ending 40 days before T0, with at least five needed to be Loyal.</summary>
    private static LifecycleSettings FiveNeeded { get; } = Settings with { LoyalMinPurchases = 5 };

    // D1 before the first purchase.

    [Fact]
    public void A_known_party_with_a_need_who_never_bought_is_potential() =>
        CustomerLifecycle.Assess(NoPurchases with { HasKnownNeed = true }, Build.T0, Settings).ShouldBe(new(LifecycleStage.Potential, 0));

    [Fact]
    public void A_party_with_no_known_need_who_never_bought_is_a_non_customer() =>
        CustomerLifecycle.Assess(NoPurchases, Build.T0, Settings).Stage.ShouldBe(LifecycleStage.NonCustomer);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_party_the_company_chose_to_pursue_is_a_target(bool hasKnownNeed) =>
        CustomerLifecycle.Assess(NoPurchases with { Targeted = true, HasKnownNeed = hasKnownNeed }, Build.T0, Settings).Stage.ShouldBe(LifecycleStage.Target);

    [Fact]
    public void A_manual_non_customer_mark_outranks_target_and_need() =>
        CustomerLifecycle.Assess(NoPurchases with { MarkedNonCustomer = true, Targeted = true, HasKnownNeed = true }, Build.T0, Settings)
            .Stage.ShouldBe(LifecycleStage.NonCustomer);

    [Fact]
    public void A_party_that_bought_is_a_customer_whatever_the_manual_marks() =>
        CustomerLifecycle.Assess(NoPurchases with { PurchaseTimes = Build.Days(0), MarkedNonCustomer = true, Targeted = true }, Build.T0, Settings)
            .Stage.ShouldBe(LifecycleStage.FirstTime);

    // D1 purchase counts.

    [Fact]
    public void A_customer_with_exactly_one_purchase_is_a_first_time_customer() => StageAt(10, 0).ShouldBe(LifecycleStage.FirstTime);

    [Fact]
    public void A_customer_with_two_purchases_is_a_repeat_customer() => StageAt(10, 0, 5).ShouldBe(LifecycleStage.Repeat);

    [Fact]
    public void Purchases_after_the_evaluation_instant_do_not_count_yet() => StageAt(10, 0, 5, 20, 30).ShouldBe(LifecycleStage.Repeat);

    // D1 Loyal.

    [Fact]
    public void Three_regular_purchases_in_the_last_12_months_are_not_yet_loyal() => StageAt(90, 0, 30, 60).ShouldBe(LifecycleStage.Repeat);

    [Fact]
    public void The_4th_regular_purchase_in_the_last_12_months_makes_the_customer_loyal() =>
        StageAt(90, 0, 30, 60, 90).ShouldBe(LifecycleStage.Loyal);

    [Fact]
    public void Gaps_of_exactly_90_days_between_purchases_are_still_continuous() =>
        StageAt(270, 0, 90, 180, 270).ShouldBe(LifecycleStage.Loyal);

    [Fact]
    public void A_91_day_gap_between_purchases_breaks_loyalty() => StageAt(271, 0, 91, 181, 271).ShouldBe(LifecycleStage.Repeat);

    [Fact]
    public void A_91_day_gap_breaks_loyalty_even_with_more_than_enough_purchases() =>
        StageAt(300, 0, 30, 60, 151, 181, 211, 241, 271, 300).ShouldBe(LifecycleStage.Repeat);

    [Fact]
    public void A_loyal_customer_silent_for_exactly_90_days_is_still_loyal() => StageAt(180, 0, 30, 60, 90).ShouldBe(LifecycleStage.Loyal);

    [Fact]
    public void A_loyal_customer_silent_for_91_days_falls_back_to_repeat() => StageAt(181, 0, 30, 60, 90).ShouldBe(LifecycleStage.Repeat);

    [Fact]
    public void A_long_gap_before_the_last_12_months_does_not_count_against_loyalty()
    {
        var result = AssessAt(0, Build.Days(-600, -300, -240, -180, -120, -60, -5));

        result.ShouldBe(new(LifecycleStage.Loyal, WinBacks: 1), "the 300-day gap ended 300 days ago, within the window, but began before it");
    }

    [Fact]
    public void A_purchase_exactly_365_days_ago_is_within_the_last_12_months() =>
        AssessAt(0, Build.Days(-365, -275, -185, -95, -5), settings: FiveNeeded).Stage.ShouldBe(LifecycleStage.Loyal);

    [Fact]
    public void A_purchase_366_days_ago_is_outside_the_last_12_months() =>
        AssessAt(1, Build.Days(-365, -275, -185, -95, -5), settings: FiveNeeded).Stage.ShouldBe(LifecycleStage.Repeat);

    [Theory]
    [InlineData(SatisfactionLevel.Satisfied)]
    [InlineData(SatisfactionLevel.Returning)]
    [InlineData(SatisfactionLevel.Advocate)]
    public void A_regular_customer_at_least_satisfied_is_loyal(SatisfactionLevel satisfaction) =>
        AssessAt(90, Build.Days(0, 30, 60, 90), satisfaction).Stage.ShouldBe(LifecycleStage.Loyal);

    [Fact]
    public void A_dissatisfied_regular_customer_is_not_loyal() =>
        AssessAt(90, Build.Days(0, 30, 60, 90), SatisfactionLevel.Dissatisfied).Stage.ShouldBe(LifecycleStage.Repeat);

    [Fact]
    public void A_regular_customer_who_never_gave_a_satisfaction_level_can_be_loyal() =>
        AssessAt(90, Build.Days(0, 30, 60, 90), satisfaction: null).Stage.ShouldBe(LifecycleStage.Loyal);

    [Fact]
    public void The_loyalty_thresholds_are_settings() =>
        AssessAt(20, Build.Days(0, 10, 20), settings: Settings with { LoyalMinPurchases = 3, LoyalMaxGapDays = 10 }).Stage.ShouldBe(LifecycleStage.Loyal);

    // D1 Churned and won back.

    [Fact]
    public void A_customer_whose_last_purchase_was_exactly_180_days_ago_is_not_churned()
    {
        StageAt(180, 0).ShouldBe(LifecycleStage.FirstTime);
        StageAt(180, -10, 0).ShouldBe(LifecycleStage.Repeat);
    }

    [Fact]
    public void A_customer_whose_last_purchase_was_181_days_ago_is_churned()
    {
        StageAt(181, 0).ShouldBe(LifecycleStage.Churned);
        StageAt(181, -10, 0).ShouldBe(LifecycleStage.Churned);
    }

    [Fact]
    public void A_churned_customer_who_buys_again_is_a_repeat_customer_won_back_once() =>
        AssessAt(200, Build.Days(0, 200)).ShouldBe(new(LifecycleStage.Repeat, WinBacks: 1));

    [Fact]
    public void A_return_after_exactly_180_days_is_not_a_win_back() =>
        AssessAt(180, Build.Days(0, 180)).ShouldBe(new(LifecycleStage.Repeat, WinBacks: 0));

    [Fact]
    public void Every_return_after_a_churn_length_gap_is_one_more_win_back() =>
        AssessAt(700, Build.Days(0, 10, 300, 310, 690, 700)).ShouldBe(new(LifecycleStage.Repeat, WinBacks: 2));

    [Fact]
    public void A_won_back_customer_who_churns_again_is_churned_and_keeps_the_count() =>
        AssessAt(600, Build.Days(0, 200)).ShouldBe(new(LifecycleStage.Churned, WinBacks: 1));

    // D1 next change with no new event.

    [Fact]
    public void A_loyal_customer_next_changes_when_the_silence_passes_90_days() =>
        CustomerLifecycle.NextChangeAt(Build.Buyer(Build.Days(0, 30, 60, 90)), Build.Day(100), Settings).ShouldBe(Build.Day(181));

    [Fact]
    public void A_loyal_customer_next_changes_when_a_purchase_leaves_the_12_month_window()
    {
        var facts = Build.Buyer(Build.Days(-360, -280, -200, -120, -40));

        CustomerLifecycle.Assess(facts, Build.T0, FiveNeeded).Stage.ShouldBe(LifecycleStage.Loyal);
        CustomerLifecycle.NextChangeAt(facts, Build.T0, FiveNeeded).ShouldBe(Build.Day(6));
        CustomerLifecycle.Assess(facts, Build.Day(6), FiveNeeded).Stage.ShouldBe(LifecycleStage.Repeat);
    }

    [Fact]
    public void A_first_time_customer_next_changes_when_churning_at_the_start_of_the_181st_day() =>
        CustomerLifecycle.NextChangeAt(Build.Buyer(Build.Days(0)), Build.Day(100), Settings).ShouldBe(Build.Day(181));

    [Fact]
    public void A_purchase_recorded_for_a_later_time_is_the_next_change() =>
        CustomerLifecycle.NextChangeAt(Build.Buyer(Build.Days(0, 50)), Build.Day(10), Settings).ShouldBe(Build.Day(50));

    [Fact]
    public void A_churned_customer_or_a_party_that_never_bought_has_no_next_change()
    {
        CustomerLifecycle.NextChangeAt(Build.Buyer(Build.Days(0)), Build.Day(181), Settings).ShouldBeNull();
        CustomerLifecycle.NextChangeAt(NoPurchases with { HasKnownNeed = true }, Build.T0, Settings).ShouldBeNull();
    }

    // Properties.

    [Property]
    public Property The_result_does_not_depend_on_the_order_purchases_are_given_in() =>
        Prop.ForAll(ShuffledHistories.ToArbitrary(), LifecycleGen.AsOf.ToArbitrary(), LifecycleGen.Satisfaction.ToArbitrary(), (histories, asOf, satisfaction) =>
            CustomerLifecycle.Assess(Build.Buyer(histories.Shuffled, satisfaction), asOf, Settings)
                .ShouldBe(CustomerLifecycle.Assess(Build.Buyer(histories.InOrder, satisfaction), asOf, Settings)));

    [Property]
    public Property The_next_change_does_not_depend_on_the_order_purchases_are_given_in() =>
        Prop.ForAll(ShuffledHistories.ToArbitrary(), LifecycleGen.AsOf.ToArbitrary(), (histories, asOf) =>
            CustomerLifecycle.NextChangeAt(Build.Buyer(histories.Shuffled), asOf, Settings)
                .ShouldBe(CustomerLifecycle.NextChangeAt(Build.Buyer(histories.InOrder), asOf, Settings)));

    [Property]
    public Property A_loyal_customer_is_always_active() =>
        Prop.ForAll(LifecycleGen.Purchases.ToArbitrary(), LifecycleGen.AsOf.ToArbitrary(), (purchases, asOf) =>
        {
            if (CustomerLifecycle.Assess(Build.Buyer(purchases), asOf, Settings).Stage == LifecycleStage.Loyal)
                BehaviourRules.ClassOf(purchases.Where(time => time <= asOf).Max(), asOf, Settings).ShouldBe(Behaviour.Active);
        });

    [Property]
    public Property Win_backs_count_the_gaps_longer_than_the_churn_period() =>
        Prop.ForAll(LifecycleGen.Purchases.ToArbitrary(), purchases =>
        {
            var asOf = Build.Day(5000);
            var longGaps = purchases.Zip(purchases.Skip(1)).Count(pair => pair.Second - pair.First >= TimeSpan.FromDays(181));

            CustomerLifecycle.Assess(Build.Buyer(purchases), asOf, Settings).WinBacks.ShouldBe(longGaps);
        });

    [Property]
    public Property The_result_holds_until_the_next_change_and_differs_there() =>
        Prop.ForAll(Buyers.ToArbitrary(), LifecycleGen.AsOf.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (facts, asOf, permille) =>
        {
            var now = CustomerLifecycle.Assess(facts, asOf, Settings);
            var next = CustomerLifecycle.NextChangeAt(facts, asOf, Settings);

            if (next is not { } at)
            {
                CustomerLifecycle.Assess(facts, asOf.AddDays(2000), Settings).ShouldBe(now);
                return;
            }
            var between = asOf + ((at - asOf) * permille / 1000);
            CustomerLifecycle.Assess(facts, between < at ? between : at.AddTicks(-1), Settings).ShouldBe(now);
            CustomerLifecycle.Assess(facts, at.AddTicks(-1), Settings).ShouldBe(now);
            CustomerLifecycle.Assess(facts, at, Settings).ShouldNotBe(now);
        });

    private static Gen<LifecycleFacts> Buyers { get; } =
        from purchases in LifecycleGen.Purchases
        from satisfaction in LifecycleGen.Satisfaction
        select Build.Buyer(purchases, satisfaction);

    private static Gen<(ImmutableArray<DateTimeOffset> InOrder, ImmutableArray<DateTimeOffset> Shuffled)> ShuffledHistories { get; } =
        from purchases in LifecycleGen.Purchases
        from shuffled in Gen.Shuffle(purchases.ToArray())
        select (purchases, shuffled.ToImmutableArray());
}
