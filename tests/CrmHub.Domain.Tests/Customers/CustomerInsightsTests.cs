using System.Text.Json;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Customers;
using CrmHub.Domain.KeyAccounts;
using CrmHub.Domain.Value;

namespace CrmHub.Domain.Tests.Customers;

public class CustomerInsightsTests
{
    private static CrmRuleSettings Settings => CrmRuleSettings.Default;

    private static CustomerInsights Insights(IEnumerable<InteractionEvent> events, double asOfDay, Tier? tier = null) =>
        CustomerInsights.Of(Build.Customer(events), Build.Day(asOfDay), Settings, tier);

    private static InteractionEvent Bought(double day, decimal amount, decimal? cost = null, string? orderId = null) =>
        Build.Event(Build.Day(day), new PurchaseMade(orderId ?? $"O-{day}", amount, cost, "EUR"));

    private static InteractionEvent Invoice(double day, string invoiceId, decimal amount, double dueDay) =>
        Build.Event(Build.Day(day), new InvoiceIssued(invoiceId, amount, Build.Day(dueDay)));

    private static InteractionEvent Paid(double day, string? invoiceId, decimal amount) =>
        Build.Event(Build.Day(day), new PaymentReceived(invoiceId, amount));

    private static InteractionEvent Survey(double day, SatisfactionLevel level) =>
        Build.Event(Build.Day(day), new SurveyAnswered(level, new ServqualScores(4, 5, null, null, 3), "agent-1", null));

    private static InteractionEvent Prospect(double day, bool money, bool authority, bool need, bool? targeted = null) =>
        Build.Event(Build.Day(day), new ProspectQualified(money, authority, need, targeted));

    private static InteractionEvent Designation(
        double day, bool designated = true, string? managerId = "kam-1", KeyAccountSensitivity? sensitivity = null, int? cadenceDays = null, string? goals = null) =>
        Build.Event(Build.Day(day), new KeyAccountDesignated(designated, managerId, sensitivity, cadenceDays, goals));

    private static InteractionEvent Contacted(double day, ContactChannel channel, ContactDirection direction) =>
        Build.Event(Build.Day(day), new ContactMade(channel, direction, "agent-1", null));

    private static InteractionEvent Profile(double day, CustomerProfileChanged profile) => Build.Event(Build.Day(day), profile);

    // D1 lifecycle

    [Fact]
    public void A_party_known_only_by_its_profile_is_a_potential_customer_with_no_behaviour_yet()
    {
        var insights = Insights([Build.Profile(Build.Day(0), "Acme")], 1);

        insights.Lifecycle.ShouldBe(new(LifecycleStage.Potential, 0));
        insights.Behaviour.ShouldBeNull();
        insights.Man.ShouldBeNull();
    }

    [Fact]
    public void A_buyer_whose_last_purchase_is_more_than_180_days_old_is_churned_and_counts_a_win_back_when_buying_again()
    {
        Insights([Bought(0, 10m)], 181).Lifecycle.Stage.ShouldBe(LifecycleStage.Churned);
        Insights([Bought(0, 10m)], 180).Lifecycle.Stage.ShouldBe(LifecycleStage.FirstTime);

        Insights([Bought(0, 10m), Bought(200, 10m)], 201).Lifecycle.ShouldBe(new(LifecycleStage.Repeat, 1));
    }

    [Fact]
    public void Four_purchases_without_a_90_day_gap_and_no_dissatisfaction_make_a_loyal_customer_and_a_dissatisfied_survey_does_not()
    {
        InteractionEvent[] purchases = [Bought(0, 10m), Bought(30, 10m), Bought(60, 10m), Bought(90, 10m)];

        Insights(purchases, 91).Lifecycle.Stage.ShouldBe(LifecycleStage.Loyal);
        Insights([.. purchases, Survey(91, SatisfactionLevel.Dissatisfied)], 92).Lifecycle.Stage.ShouldBe(LifecycleStage.Repeat);
    }

    // D11 MAN and the prospect stages

    [Fact]
    public void A_qualified_prospect_is_potential_with_the_man_verdict_and_code()
    {
        var insights = Insights([Prospect(0, money: true, authority: true, need: true)], 1);

        insights.Lifecycle.Stage.ShouldBe(LifecycleStage.Potential);
        insights.Man.ShouldNotBeNull().Verdict.ShouldBe(ManVerdict.Qualified);
        insights.Man.Code.ShouldBe("M+A+N");
    }

    [Fact]
    public void A_targeted_prospect_is_a_target_and_a_later_qualification_that_does_not_say_keeps_it_targeted()
    {
        var insights = Insights([Prospect(0, true, false, true, targeted: true), Prospect(5, true, true, true)], 6);

        insights.Lifecycle.Stage.ShouldBe(LifecycleStage.Target);
        insights.Man.ShouldNotBeNull().Code.ShouldBe("M+A+N", "the latest qualification counts");
    }

    [Fact]
    public void A_prospect_without_need_is_not_a_potential_customer()
    {
        var insights = Insights([Prospect(0, false, false, false)], 1);

        insights.Lifecycle.Stage.ShouldBe(LifecycleStage.NonCustomer);
        insights.Man.ShouldNotBeNull().Verdict.ShouldBe(ManVerdict.NotAProspect);
    }

    [Fact]
    public void A_late_older_qualification_does_not_replace_the_newer_one()
    {
        var insights = Insights([Prospect(10, true, false, true), Prospect(0, false, true, false)], 11);

        insights.Man.ShouldNotBeNull().Code.ShouldBe("M+a+N");
        insights.Man.Verdict.ShouldBe(ManVerdict.ContactableFindAuthority);
    }

    // D6 behaviour and churn risk

    [Theory]
    [InlineData(90, Behaviour.Active)]
    [InlineData(91, Behaviour.Dormant)]
    [InlineData(180, Behaviour.Dormant)]
    [InlineData(181, Behaviour.Churned)]
    public void Behaviour_follows_the_days_since_the_last_purchase(double asOfDay, Behaviour expected) =>
        Insights([Bought(0, 10m)], asOfDay).Behaviour.ShouldBe(expected);

    [Fact]
    public void A_churned_customer_is_departed()
    {
        var risk = Insights([Bought(0, 10m)], 181).ChurnRisk;

        risk.State.ShouldBe(ChurnState.Departed);
        risk.Signals.Select(signal => signal.Name).ShouldContain(ChurnSignal.GrowingGap);
    }

    [Fact]
    public void Repeated_open_complaints_falling_satisfaction_and_overdue_receivables_are_churn_signals()
    {
        var risk = Insights(
        [
            Bought(0, 10m),
            Build.Complaint(Build.Day(1), "C-1"),
            Build.Complaint(Build.Day(2), "C-2"),
            Survey(3, SatisfactionLevel.Advocate),
            Survey(4, SatisfactionLevel.Dissatisfied),
            Invoice(0, "INV-1", 100m, dueDay: 1),
        ], 10).ChurnRisk;

        risk.Signals.Select(signal => signal.Name).ShouldBe(
            [ChurnSignal.OpenComplaints, ChurnSignal.RepeatedComplaints, ChurnSignal.FallingSatisfaction, ChurnSignal.OverdueReceivables],
            ignoreOrder: true);
        risk.Score.ShouldBeInRange(0m, 1m);
    }

    // D7 receivables

    [Fact]
    public void An_unpaid_invoice_ages_from_short_term_to_long_term_and_is_none_once_paid()
    {
        InteractionEvent[] invoiced = [Invoice(0, "INV-1", 100m, dueDay: 10)];

        Insights(invoiced, 5).Receivables.Class.ShouldBe(ReceivablesClass.None);
        var shortTerm = Insights(invoiced, 20).Receivables;
        shortTerm.Class.ShouldBe(ReceivablesClass.ShortTerm);
        shortTerm.OldestOverdueDays.ShouldBe(10);
        Insights(invoiced, 101).Receivables.Class.ShouldBe(ReceivablesClass.LongTerm);
        Insights([.. invoiced, Paid(30, "INV-1", 100m)], 31).Receivables.Class.ShouldBe(ReceivablesClass.None);
    }

    [Fact]
    public void A_written_off_invoice_makes_bad_debt()
    {
        InteractionEvent[] events = [Invoice(0, "INV-1", 100m, dueDay: 10), Build.Event(Build.Day(40), new InvoiceWrittenOff("INV-1"))];

        Insights(events, 41).Receivables.Class.ShouldBe(ReceivablesClass.BadDebt);
    }

    [Fact]
    public void An_invoice_issued_again_under_its_id_replaces_the_earlier_issue()
    {
        var insights = Insights([Invoice(0, "INV-1", 100m, dueDay: 10), Invoice(5, "INV-1", 100m, dueDay: 60)], 20);

        insights.Receivables.Class.ShouldBe(ReceivablesClass.None, "the re-issue moved the due date to day 60");
    }

    // D4 relationship

    [Fact]
    public void The_relationship_level_comes_from_the_contacts()
    {
        Insights([Bought(0, 10m)], 30).RelationshipLevel.ShouldBe(RelationshipLevel.Basic);
        Insights([Bought(0, 10m), Contacted(1, ContactChannel.Phone, ContactDirection.Inbound)], 30).RelationshipLevel.ShouldBe(RelationshipLevel.Reactive);
        Insights([Bought(0, 10m), Contacted(7, ContactChannel.Email, ContactDirection.Outbound)], 30).RelationshipLevel.ShouldBe(RelationshipLevel.Accountable);
    }

    [Fact]
    public void A_key_account_with_a_plan_visited_within_the_quarter_is_a_partnership()
    {
        InteractionEvent[] plan = [Designation(0, goals: "Grow volume 10%"), Contacted(50, ContactChannel.Visit, ContactDirection.Outbound)];

        Insights(plan, 60).RelationshipLevel.ShouldBe(RelationshipLevel.Partnership);
        Insights(plan, 200).RelationshipLevel.ShouldNotBe(RelationshipLevel.Partnership, "the last review is older than a quarter");
    }

    // D8 satisfaction

    [Fact]
    public void The_satisfaction_history_is_in_time_order_whatever_the_arrival_order_and_the_latest_is_the_newest()
    {
        var satisfaction = Insights([Survey(5, SatisfactionLevel.Advocate), Survey(1, SatisfactionLevel.Satisfied)], 6).Satisfaction;

        satisfaction.Observations.Select(observation => observation.Level).ShouldBe([SatisfactionLevel.Satisfied, SatisfactionLevel.Advocate]);
        satisfaction.Latest.ShouldBe(SatisfactionLevel.Advocate);
    }

    // D2/D3 value

    [Fact]
    public void Profit_over_12_months_is_revenue_minus_cost_minus_refunds_and_older_purchases_do_not_count()
    {
        var insights = Insights(
        [
            Bought(-400, 5_000m),
            Bought(0, 1_000m, cost: 600m),
            Bought(10, 200m),
            Build.Event(Build.Day(20), new RefundIssued("O-10", 50m)),
        ], 30);

        insights.Profit12Months.Profit.ShouldBe(1_000m - 600m + 200m - 50m);
    }

    [Fact]
    public void The_clv_of_one_year_at_1000_margin_projects_five_years_at_80_percent_retention_and_10_percent_discount()
    {
        // Past: 1000 (face value). Projection: 1000 × 0.8^t / 1.1^t for t = 1..5 =
        // 727.27 + 528.93 + 384.67 + 279.76 + 203.46 = 2124.10 (rounded), so CLV ≈ 3124.10.
        var clv = Insights([Bought(0, 1_000m)], 365).Clv;

        clv.PastValue.ShouldBe(1_000m);
        clv.AverageAnnualMargin.ShouldBe(1_000m);
        clv.Retention.ShouldBe(ValueSettings.DefaultRetentionRate);
        clv.DiscountRate.ShouldBe(0.10m);
        clv.HorizonYears.ShouldBe(5);
        Math.Round(clv.ProjectedValue, 2).ShouldBe(2_124.10m);
        Math.Round(clv.Total, 2).ShouldBe(3_124.10m);
    }

    [Fact]
    public void Without_a_tier_a_profitable_customer_contributes_general_and_an_unprofitable_one_non_profitable()
    {
        Insights([Bought(0, 100m)], 1).ProfitContribution.ShouldBe(ProfitContribution.General);
        Insights([Bought(0, 100m, cost: 150m)], 1).ProfitContribution.ShouldBe(ProfitContribution.NonProfitable);
        Insights([Bought(0, 100m)], 1).Tier.ShouldBeNull();
    }

    [Fact]
    public void With_a_tier_from_the_pyramid_a_platinum_customer_is_vip()
    {
        var insights = Insights([Bought(0, 100m)], 1, Tier.Platinum);

        insights.ProfitContribution.ShouldBe(ProfitContribution.VIP);
        insights.Tier.ShouldBe(Tier.Platinum);
    }

    [Fact]
    public void The_value_style_is_the_profiles() =>
        Insights([Profile(0, new CustomerProfileChanged("Acme", null, null, null, null, null, ValueStyle.Lighthouse))], 1)
            .ValueStyle.ShouldBe(ValueStyle.Lighthouse);

    // D5 key accounts

    [Fact]
    public void A_designated_key_account_has_its_manager_since_sensitivity_strategies_and_cadence()
    {
        var keyAccount = Insights([Designation(3, sensitivity: KeyAccountSensitivity.PriceSensitive, cadenceDays: 14)], 4).KeyAccount;

        keyAccount.IsKeyAccount.ShouldBeTrue();
        keyAccount.ManagerId.ShouldBe("kam-1");
        keyAccount.Since.ShouldBe(Build.Day(3));
        keyAccount.Sensitivity.ShouldBe(KeyAccountSensitivity.PriceSensitive);
        keyAccount.RecommendedStrategies.ShouldBe(KeyAccountStrategies.For(KeyAccountSensitivity.PriceSensitive));
        keyAccount.Visits.CadenceDays.ShouldBe(14);
        keyAccount.Visits.VisitOverdue.ShouldBeFalse();
    }

    [Fact]
    public void A_key_account_not_visited_within_its_cadence_is_overdue_until_visited()
    {
        InteractionEvent[] designated = [Designation(0)];

        Insights(designated, 30).KeyAccount.Visits.VisitOverdue.ShouldBeFalse("exactly one cadence is still within it");
        Insights(designated, 31).KeyAccount.Visits.VisitOverdue.ShouldBeTrue();
        var visited = Insights([.. designated, Contacted(31, ContactChannel.Visit, ContactDirection.Outbound)], 32).KeyAccount.Visits;
        visited.VisitOverdue.ShouldBeFalse();
        visited.LastVisitAt.ShouldBe(Build.Day(31));
    }

    [Fact]
    public void A_key_account_designated_without_a_manager_is_managed_by_the_owner_agent()
    {
        var keyAccount = Insights([Build.Profile(Build.Day(0), owner: "agent-7"), Designation(1, managerId: null)], 2).KeyAccount;

        keyAccount.ManagerId.ShouldBe("agent-7");
    }

    [Fact]
    public void A_withdrawn_designation_ends_the_key_account_and_a_new_one_starts_a_new_since()
    {
        Insights([Designation(0), Designation(5, designated: false)], 6).KeyAccount.IsKeyAccount.ShouldBeFalse();

        var again = Insights([Designation(0), Designation(5, designated: false), Designation(9)], 10).KeyAccount;
        again.IsKeyAccount.ShouldBeTrue();
        again.Since.ShouldBe(Build.Day(9));
    }

    [Fact]
    public void The_latest_sensitivity_from_profile_or_designation_counts()
    {
        var keyAccount = Insights(
        [
            Designation(0, sensitivity: KeyAccountSensitivity.PriceSensitive),
            Profile(5, new CustomerProfileChanged(null, null, null, null, null, null, null, KeyAccountSensitivity.TechnologySensitive)),
        ], 6).KeyAccount;

        keyAccount.Sensitivity.ShouldBe(KeyAccountSensitivity.TechnologySensitive);
    }

    // Time-driven changes

    [Fact]
    public void The_next_change_is_the_first_of_dormancy_an_ageing_invoice_and_an_overdue_visit()
    {
        Insights([Bought(0, 10m)], 1).NextChangeAt.ShouldBe(Build.Day(91));
        Insights([Bought(0, 10m)], 91).NextChangeAt.ShouldBe(Build.Day(181));
        Insights([Bought(0, 10m)], 181).NextChangeAt.ShouldBeNull();
        Insights([Invoice(0, "INV-1", 100m, dueDay: 10)], 1).NextChangeAt.ShouldBe(Build.Day(10).AddTicks(1));
        Insights([Designation(0)], 1).NextChangeAt.ShouldBe(Build.Day(30).AddTicks(1));
    }

    [Fact]
    public void Facts_after_the_instant_are_not_known_yet()
    {
        var insights = Insights([Bought(0, 10m), Bought(50, 10m), Survey(50, SatisfactionLevel.Advocate)], 10);

        insights.Lifecycle.Stage.ShouldBe(LifecycleStage.FirstTime);
        insights.Satisfaction.Latest.ShouldBeNull();
    }

    [Property(MaxTest = 50)]
    public Property The_insights_do_not_depend_on_the_order_events_arrive_in() =>
        Prop.ForAll(Gen.Shuffle(MixedHistory()).ToArbitrary(), arrival =>
        {
            var expected = Build.Customer(MixedHistory());
            var actual = Build.Customer(arrival);
            var asOf = Build.Day(120);

            // Compared as JSON: the views' immutable arrays compare by reference.
            JsonSerializer.Serialize(actual.ToView(10, CustomerInsights.Of(actual, asOf, Settings)))
                .ShouldBe(JsonSerializer.Serialize(expected.ToView(10, CustomerInsights.Of(expected, asOf, Settings))));
        });

    private static InteractionEvent[] MixedHistory() =>
    [
        Build.Profile(Build.Day(0), "Acme", owner: "agent-2"),
        Prospect(1, true, true, true, targeted: true),
        Bought(2, 300m, cost: 100m),
        Bought(40, 500m),
        Build.Event(Build.Day(41), new RefundIssued("O-40", 60m)),
        Invoice(3, "INV-1", 300m, dueDay: 32),
        Paid(50, null, 100m),
        Survey(45, SatisfactionLevel.Returning),
        Survey(60, SatisfactionLevel.Satisfied),
        Contacted(43, ContactChannel.Phone, ContactDirection.Outbound),
        Contacted(70, ContactChannel.Visit, ContactDirection.Outbound),
        Designation(65, managerId: null, sensitivity: KeyAccountSensitivity.ServiceSensitive, goals: "Renew the contract"),
        Build.Complaint(Build.Day(80), "C-1"),
    ];
}
