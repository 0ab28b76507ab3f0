using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Relationship;

namespace CrmHub.Domain.Tests.Relationship;

public class RelationshipRulesTests
{
    private static readonly DateTimeOffset AsOf = Build.T0.AddDays(200);
    private static readonly KeyAccountStanding PartnershipAccount = new(IsKeyAccount: true, HasPlan: true, ReviewedQuarterly: true);

    private static DateTimeOffset Day(double days) => Build.T0.AddDays(days);

    private static ContactFact Inbound(DateTimeOffset time) => new(time, ContactDirection.Inbound, ContactChannel.Phone);

    private static ContactFact Outbound(DateTimeOffset time, ContactChannel channel = ContactChannel.Phone) =>
        new(time, ContactDirection.Outbound, channel);

    private static RelationshipLevel Level(
        IEnumerable<ContactFact> contacts,
        IEnumerable<DateTimeOffset>? purchases = null,
        KeyAccountStanding? keyAccount = null,
        DateTimeOffset? asOf = null) =>
        RelationshipRules.LevelAt(contacts, purchases ?? [], keyAccount ?? KeyAccountStanding.None, asOf ?? AsOf, RelationshipSettings.Default);

    /// <summary>One outbound contact in each of the last three 30-day windows before <see cref="AsOf"/>.</summary>
    private static ContactFact[] MonthlyCalls => [Outbound(AsOf.AddDays(-5)), Outbound(AsOf.AddDays(-35)), Outbound(AsOf.AddDays(-65))];

    [Fact]
    public void A_customer_never_contacted_is_at_the_basic_level() =>
        Level([], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Basic);

    [Fact]
    public void A_customer_who_only_calls_in_is_at_the_reactive_level() =>
        Level([Inbound(Day(20)), Inbound(Day(150))], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Reactive);

    [Fact]
    public void A_stray_outbound_call_that_is_neither_a_follow_up_nor_monthly_leaves_the_customer_reactive() =>
        Level([Outbound(Day(100))], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Reactive);

    [Fact]
    public void A_follow_up_call_a_few_days_after_the_purchase_makes_the_relationship_accountable() =>
        Level([Inbound(Day(12)), Outbound(Day(13))], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Accountable);

    [Fact]
    public void A_follow_up_exactly_14_days_after_the_purchase_still_counts() =>
        Level([Outbound(Day(24))], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Accountable);

    [Fact]
    public void A_follow_up_one_minute_later_than_14_days_after_the_purchase_is_too_late() =>
        Level([Outbound(Day(24).AddMinutes(1))], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Reactive);

    [Fact]
    public void An_outbound_call_before_the_purchase_is_not_a_follow_up() =>
        Level([Outbound(Day(9))], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Reactive);

    [Fact]
    public void A_follow_up_by_email_counts_like_a_call() =>
        Level([Outbound(Day(11), ContactChannel.Email)], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Accountable);

    [Fact]
    public void A_latest_purchase_not_followed_up_within_14_days_ends_the_accountable_level() =>
        Level([Outbound(Day(11))], purchases: [Day(10), Day(100)]).ShouldBe(RelationshipLevel.Reactive);

    [Fact]
    public void A_purchase_still_inside_its_follow_up_time_does_not_demote_a_customer_whose_previous_purchase_was_followed_up() =>
        Level([Outbound(Day(11))], purchases: [Day(10), AsOf.AddDays(-3)]).ShouldBe(RelationshipLevel.Accountable);

    [Fact]
    public void Contacts_and_purchases_after_the_as_of_instant_are_not_known_yet() =>
        Level([Outbound(AsOf.AddDays(1))], purchases: [AsOf.AddHours(1)]).ShouldBe(RelationshipLevel.Basic);

    [Fact]
    public void Outbound_contacts_in_each_of_the_last_three_months_make_the_relationship_proactive() =>
        Level(MonthlyCalls).ShouldBe(RelationshipLevel.Proactive);

    [Fact]
    public void A_month_without_an_outbound_contact_is_not_proactive() =>
        Level([Outbound(AsOf.AddDays(-5)), Outbound(AsOf.AddDays(-10)), Outbound(AsOf.AddDays(-65))]).ShouldBe(RelationshipLevel.Reactive);

    [Fact]
    public void Inbound_contacts_do_not_make_up_for_a_month_without_an_outbound_one() =>
        Level([Outbound(AsOf.AddDays(-5)), Inbound(AsOf.AddDays(-35)), Outbound(AsOf.AddDays(-65))]).ShouldBe(RelationshipLevel.Reactive);

    [Fact]
    public void A_contact_exactly_30_days_before_as_of_belongs_to_the_older_month()
    {
        RelationshipRules.IsProactive([AsOf, AsOf.AddDays(-30), AsOf.AddDays(-60)], AsOf, RelationshipSettings.Default).ShouldBeTrue();
        RelationshipRules.IsProactive([AsOf.AddDays(-30), AsOf.AddDays(-60), AsOf.AddDays(-89)], AsOf, RelationshipSettings.Default).ShouldBeFalse();
    }

    [Fact]
    public void The_third_month_ends_exactly_90_days_before_as_of()
    {
        RelationshipRules.IsProactive([AsOf.AddDays(-1), AsOf.AddDays(-31), AsOf.AddDays(-90).AddTicks(1)], AsOf, RelationshipSettings.Default).ShouldBeTrue();
        RelationshipRules.IsProactive([AsOf.AddDays(-1), AsOf.AddDays(-31), AsOf.AddDays(-90)], AsOf, RelationshipSettings.Default).ShouldBeFalse();
    }

    [Fact]
    public void The_number_and_length_of_proactive_months_are_settings() =>
        RelationshipRules.LevelAt(
                [Outbound(AsOf.AddDays(-1)), Outbound(AsOf.AddDays(-8))],
                [],
                KeyAccountStanding.None,
                AsOf,
                RelationshipSettings.Default with { ProactiveWindows = 2, ProactiveWindow = TimeSpan.FromDays(7) })
            .ShouldBe(RelationshipLevel.Proactive);

    [Fact]
    public void A_longer_follow_up_setting_accepts_a_later_call() =>
        RelationshipRules.LevelAt(
                [Outbound(Day(30))],
                [Day(10)],
                KeyAccountStanding.None,
                AsOf,
                RelationshipSettings.Default with { FollowUpWithin = TimeSpan.FromDays(21) })
            .ShouldBe(RelationshipLevel.Accountable);

    [Fact]
    public void Monthly_outbound_contact_outranks_a_follow_up_after_a_purchase() =>
        Level([.. MonthlyCalls, Outbound(Day(11))], purchases: [Day(10)]).ShouldBe(RelationshipLevel.Proactive);

    [Fact]
    public void A_key_account_with_a_plan_and_quarterly_reviews_is_a_partnership_even_with_no_contacts() =>
        Level([], keyAccount: PartnershipAccount).ShouldBe(RelationshipLevel.Partnership);

    [Fact]
    public void A_partnership_outranks_monthly_outbound_contact() =>
        Level(MonthlyCalls, keyAccount: PartnershipAccount).ShouldBe(RelationshipLevel.Partnership);

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    public void A_key_account_missing_the_plan_or_the_quarterly_reviews_is_not_a_partnership(bool keyAccount, bool plan, bool reviews) =>
        Level(MonthlyCalls, keyAccount: new KeyAccountStanding(keyAccount, plan, reviews)).ShouldBe(RelationshipLevel.Proactive);

    [Property]
    public Property Adding_an_outbound_contact_never_lowers_the_level_below_reactive() =>
        Prop.ForAll(Gen.Choose(-200, 0).ArrayOf().ToArbitrary(), Gen.Choose(-200, 0).ToArbitrary(), (days, extra) =>
        {
            var contacts = days.Take(20).Select(day => Outbound(AsOf.AddDays(day))).ToList();
            var before = Level(contacts);
            var after = Level([.. contacts, Outbound(AsOf.AddDays(extra))]);

            (after >= before).ShouldBeTrue($"{before} → {after}");
            (after >= RelationshipLevel.Reactive).ShouldBeTrue($"{after}");
        });
}
