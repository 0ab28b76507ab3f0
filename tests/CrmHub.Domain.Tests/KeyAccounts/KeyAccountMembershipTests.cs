using CrmHub.Abstractions.Crm;
using CrmHub.Domain.KeyAccounts;

namespace CrmHub.Domain.Tests.KeyAccounts;

public class KeyAccountMembershipTests
{
    private static readonly KeyAccountSettings Settings = KeyAccountSettings.Default;

    /// <summary>Evaluates the tiers in turn, one a day from <see cref="Build.T0"/>, and returns every outcome.</summary>
    private static KeyAccountOutcome[] Evaluations(KeyAccountState start, IEnumerable<Tier> tiers, KeyAccountSettings? settings = null)
    {
        var outcomes = new List<KeyAccountOutcome>();
        var state = start;
        foreach (var (day, tier) in tiers.Index())
        {
            var outcome = KeyAccountMembership.Evaluate(state, tier, Build.T0.AddDays(day), settings ?? Settings);
            outcomes.Add(outcome);
            state = outcome.State;
        }
        return [.. outcomes];
    }

    private static KeyAccountState After(params Tier[] tiers) => Evaluations(KeyAccountState.None, tiers)[^1].State;

    private static KeyAccountState Designated(KeyAccountState state, string? managerId = "kam-eve") =>
        KeyAccountMembership.Designate(state, true, managerId, Build.T0).State;

    [Theory]
    [InlineData(Tier.Platinum)]
    [InlineData(Tier.Gold)]
    public void A_customer_evaluated_platinum_or_gold_becomes_a_key_account_at_once(Tier tier)
    {
        var outcome = KeyAccountMembership.Evaluate(KeyAccountState.None, tier, Build.T0, Settings);

        outcome.State.IsKeyAccount.ShouldBeTrue();
        outcome.State.Since.ShouldBe(Build.T0);
        outcome.Change.ShouldBe(new KeyAccountChange(KeyAccountMovement.Entered, null, tier, KeyAccountChangeReason.ReachedGold, Build.T0));
    }

    [Theory]
    [InlineData(Tier.Iron)]
    [InlineData(Tier.Lead)]
    public void A_customer_below_gold_does_not_become_a_key_account(Tier tier)
    {
        var outcome = KeyAccountMembership.Evaluate(KeyAccountState.None, tier, Build.T0, Settings);

        outcome.State.IsKeyAccount.ShouldBeFalse();
        outcome.Change.ShouldBeNull();
    }

    [Fact]
    public void An_entry_records_the_tier_it_came_from()
    {
        var outcomes = Evaluations(KeyAccountState.None, [Tier.Iron, Tier.Gold]);

        outcomes[1].Change.ShouldBe(new KeyAccountChange(KeyAccountMovement.Entered, Tier.Iron, Tier.Gold, KeyAccountChangeReason.ReachedGold, Build.T0.AddDays(1)));
    }

    [Fact]
    public void Alternating_gold_and_iron_keeps_the_key_account_without_flapping()
    {
        var outcomes = Evaluations(KeyAccountState.None, [Tier.Gold, Tier.Iron, Tier.Gold, Tier.Iron, Tier.Gold, Tier.Iron]);

        outcomes.ShouldAllBe(outcome => outcome.State.IsKeyAccount);
        outcomes.Count(outcome => outcome.Change != null).ShouldBe(1);
        outcomes[^1].State.Since.ShouldBe(Build.T0);
    }

    [Fact]
    public void One_evaluation_below_gold_keeps_the_key_account()
    {
        var outcome = Evaluations(KeyAccountState.None, [Tier.Gold, Tier.Iron])[^1];

        outcome.State.IsKeyAccount.ShouldBeTrue();
        outcome.State.ConsecutiveEvaluationsBelowGold.ShouldBe(1);
        outcome.Change.ShouldBeNull();
    }

    [Fact]
    public void Two_consecutive_evaluations_below_gold_end_key_status_and_its_manager()
    {
        var managed = After(Tier.Gold) with { ManagerId = "kam-eve" };

        var outcomes = Evaluations(managed, [Tier.Iron, Tier.Iron]);

        outcomes[1].State.ShouldBe(new KeyAccountState(false, null, null, 2, false, Tier.Iron));
        outcomes[1].Change.ShouldBe(new KeyAccountChange(KeyAccountMovement.Left, Tier.Iron, Tier.Iron, KeyAccountChangeReason.BelowGold, Build.T0.AddDays(1)));
    }

    [Fact]
    public void Iron_and_lead_both_count_as_below_gold() =>
        After(Tier.Platinum, Tier.Lead, Tier.Iron).IsKeyAccount.ShouldBeFalse();

    [Fact]
    public void The_number_of_evaluations_below_gold_before_leaving_is_a_setting()
    {
        var outcomes = Evaluations(KeyAccountState.None, [Tier.Gold, Tier.Iron, Tier.Iron, Tier.Iron], Settings with { EvaluationsBelowGoldToLeave = 3 });

        outcomes.Select(outcome => outcome.State.IsKeyAccount).ShouldBe([true, true, true, false]);
    }

    [Fact]
    public void A_setting_below_one_evaluation_is_rejected() =>
        Should.Throw<ArgumentOutOfRangeException>(() =>
            KeyAccountMembership.Evaluate(KeyAccountState.None, Tier.Gold, Build.T0, Settings with { EvaluationsBelowGoldToLeave = 0 }));

    [Fact]
    public void A_customer_who_left_and_reaches_gold_again_re_enters_with_a_new_since()
    {
        var outcome = Evaluations(KeyAccountState.None, [Tier.Gold, Tier.Iron, Tier.Iron, Tier.Gold])[^1];

        outcome.State.IsKeyAccount.ShouldBeTrue();
        outcome.State.Since.ShouldBe(Build.T0.AddDays(3));
        outcome.State.ConsecutiveEvaluationsBelowGold.ShouldBe(0);
        outcome.Change!.Movement.ShouldBe(KeyAccountMovement.Entered);
    }

    [Fact]
    public void A_designation_makes_a_customer_below_gold_a_key_account_at_once_with_the_named_manager()
    {
        var outcome = KeyAccountMembership.Designate(After(Tier.Lead), true, "kam-eve", Build.At(5));

        outcome.State.ShouldBe(new KeyAccountState(true, Build.At(5), "kam-eve", 1, true, Tier.Lead));
        outcome.Change.ShouldBe(new KeyAccountChange(KeyAccountMovement.Entered, Tier.Lead, Tier.Lead, KeyAccountChangeReason.Designated, Build.At(5)));
    }

    [Fact]
    public void Designating_a_key_account_again_changes_nothing_but_may_name_a_new_manager()
    {
        var outcome = KeyAccountMembership.Designate(Designated(After(Tier.Gold)), true, "kam-fay", Build.At(5));

        outcome.Change.ShouldBeNull();
        outcome.State.ManagerId.ShouldBe("kam-fay");
        outcome.State.Since.ShouldBe(Build.T0);
    }

    [Fact]
    public void A_designation_without_a_manager_keeps_the_current_one() =>
        KeyAccountMembership.Designate(After(Tier.Gold) with { ManagerId = "kam-eve" }, true, null, Build.At(5)).State.ManagerId.ShouldBe("kam-eve");

    [Fact]
    public void A_designated_key_account_never_leaves_however_long_it_stays_below_gold()
    {
        var outcomes = Evaluations(Designated(KeyAccountState.None), Enumerable.Repeat(Tier.Lead, 10));

        outcomes.ShouldAllBe(outcome => outcome.State.IsKeyAccount && outcome.Change == null);
        outcomes[^1].State.ConsecutiveEvaluationsBelowGold.ShouldBe(10);
    }

    [Fact]
    public void Withdrawing_the_designation_of_an_account_below_gold_ends_key_status_at_once()
    {
        var designated = Designated(After(Tier.Iron));

        var outcome = KeyAccountMembership.Designate(designated, false, null, Build.At(9));

        outcome.State.ShouldBe(new KeyAccountState(false, null, null, 1, false, Tier.Iron));
        outcome.Change.ShouldBe(new KeyAccountChange(KeyAccountMovement.Left, Tier.Iron, Tier.Iron, KeyAccountChangeReason.Undesignated, Build.At(9)));
    }

    [Fact]
    public void Withdrawing_the_designation_of_an_account_never_evaluated_ends_key_status_at_once() =>
        KeyAccountMembership.Designate(Designated(KeyAccountState.None), false, null, Build.At(9)).Change!.Reason
            .ShouldBe(KeyAccountChangeReason.Undesignated);

    [Fact]
    public void Withdrawing_the_designation_of_a_gold_account_keeps_it_until_two_evaluations_below_gold()
    {
        var undesignated = KeyAccountMembership.Designate(Designated(After(Tier.Gold)), false, null, Build.At(9));

        undesignated.Change.ShouldBeNull();
        undesignated.State.IsKeyAccount.ShouldBeTrue();
        Evaluations(undesignated.State, [Tier.Iron, Tier.Iron]).Select(outcome => outcome.State.IsKeyAccount).ShouldBe([true, false]);
    }

    [Fact]
    public void Withdrawing_a_designation_nobody_made_changes_nothing()
    {
        var outcome = KeyAccountMembership.Designate(After(Tier.Iron), false, null, Build.At(9));

        outcome.Change.ShouldBeNull();
        outcome.State.ShouldBe(After(Tier.Iron));
    }

    [Fact]
    public void A_key_account_without_manager_is_given_the_configured_default_manager() =>
        KeyAccountMembership.AssignManager(After(Tier.Gold), "agent-owner", Settings with { DefaultManagerId = "kam-default" })
            .ShouldBe(new KeyAccountManagerAssignment(After(Tier.Gold) with { ManagerId = "kam-default" }, KeyAccountManagerSource.DefaultManager));

    [Fact]
    public void Without_a_default_manager_a_key_account_is_given_the_customers_owner() =>
        KeyAccountMembership.AssignManager(After(Tier.Gold), "agent-owner", Settings)
            .ShouldBe(new KeyAccountManagerAssignment(After(Tier.Gold) with { ManagerId = "agent-owner" }, KeyAccountManagerSource.OwnerAgent));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_key_account_with_neither_default_manager_nor_owner_is_reported_unassigned(string? owner) =>
        KeyAccountMembership.AssignManager(After(Tier.Gold), owner, Settings with { DefaultManagerId = " " })
            .ShouldBe(new KeyAccountManagerAssignment(After(Tier.Gold), KeyAccountManagerSource.Unassigned));

    [Fact]
    public void A_key_account_that_has_a_manager_keeps_it()
    {
        var managed = After(Tier.Gold) with { ManagerId = "kam-eve" };

        KeyAccountMembership.AssignManager(managed, "agent-owner", Settings with { DefaultManagerId = "kam-default" })
            .ShouldBe(new KeyAccountManagerAssignment(managed, KeyAccountManagerSource.AlreadyAssigned));
    }

    [Fact]
    public void A_customer_who_is_not_a_key_account_is_given_no_manager() =>
        KeyAccountMembership.AssignManager(After(Tier.Iron), "agent-owner", Settings)
            .ShouldBe(new KeyAccountManagerAssignment(After(Tier.Iron), KeyAccountManagerSource.NotKeyAccount));

    private static readonly Gen<Tier[]> TierSequences = Gen.Elements(Enum.GetValues<Tier>()).ArrayOf();

    [Property]
    public Property An_undesignated_customer_is_a_key_account_exactly_when_it_reached_gold_and_has_not_since_been_below_gold_twice_in_a_row() =>
        Prop.ForAll(TierSequences.ToArbitrary(), tiers =>
        {
            var outcomes = Evaluations(KeyAccountState.None, tiers);
            for (var index = 0; index < tiers.Length; index++)
            {
                var seen = tiers.Take(index + 1).ToArray();
                var belowGoldRun = seen.Reverse().TakeWhile(tier => !KeyAccountMembership.AtLeastGold(tier)).Count();
                var expected = seen.Any(KeyAccountMembership.AtLeastGold) && belowGoldRun < 2;

                outcomes[index].State.IsKeyAccount.ShouldBe(expected);
            }
        });

    [Property]
    public Property A_change_is_reported_exactly_when_membership_flips_and_entries_and_exits_alternate() =>
        Prop.ForAll(TierSequences.ToArbitrary(), tiers =>
        {
            var outcomes = Evaluations(KeyAccountState.None, tiers);
            var wasKey = false;
            foreach (var outcome in outcomes)
            {
                var expected = outcome.State.IsKeyAccount == wasKey
                    ? (KeyAccountMovement?)null
                    : outcome.State.IsKeyAccount ? KeyAccountMovement.Entered : KeyAccountMovement.Left;
                ((KeyAccountMovement?)outcome.Change?.Movement).ShouldBe(expected);
                wasKey = outcome.State.IsKeyAccount;
            }
        });

    [Property]
    public Property A_designated_customer_stays_a_key_account_whatever_its_tiers() =>
        Prop.ForAll(TierSequences.ToArbitrary(), tiers =>
            Evaluations(Designated(KeyAccountState.None), tiers).ShouldAllBe(outcome => outcome.State.IsKeyAccount && outcome.Change == null));
}
