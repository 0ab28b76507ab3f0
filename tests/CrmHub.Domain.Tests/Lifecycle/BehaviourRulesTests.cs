using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Lifecycle;

namespace CrmHub.Domain.Tests.Lifecycle;

public class BehaviourRulesTests
{
    private static readonly LifecycleSettings Settings = LifecycleSettings.Default;

    private static Behaviour SilentFor(double days) => BehaviourRules.ClassOf(Build.T0, Build.Day(days), Settings);

    [Fact]
    public void A_customer_who_bought_today_is_active() => SilentFor(0).ShouldBe(Behaviour.Active);

    [Fact]
    public void A_customer_silent_for_exactly_90_days_is_still_active() => SilentFor(90).ShouldBe(Behaviour.Active);

    [Fact]
    public void Days_are_completed_days_so_90_days_and_23_hours_is_still_active() =>
        SilentFor(90 + (23.0 / 24)).ShouldBe(Behaviour.Active);

    [Fact]
    public void A_customer_silent_for_91_days_is_dormant() => SilentFor(91).ShouldBe(Behaviour.Dormant);

    [Fact]
    public void A_customer_silent_for_exactly_180_days_is_dormant_not_churned() => SilentFor(180).ShouldBe(Behaviour.Dormant);

    [Fact]
    public void A_customer_silent_for_181_days_is_churned() => SilentFor(181).ShouldBe(Behaviour.Churned);

    [Fact]
    public void The_thresholds_are_settings()
    {
        var settings = Settings with { ActiveWithinDays = 30, ChurnAfterDays = 60 };

        BehaviourRules.ClassOf(Build.T0, Build.Day(30), settings).ShouldBe(Behaviour.Active);
        BehaviourRules.ClassOf(Build.T0, Build.Day(31), settings).ShouldBe(Behaviour.Dormant);
        BehaviourRules.ClassOf(Build.T0, Build.Day(60), settings).ShouldBe(Behaviour.Dormant);
        BehaviourRules.ClassOf(Build.T0, Build.Day(61), settings).ShouldBe(Behaviour.Churned);
    }

    [Fact]
    public void An_active_customer_turns_dormant_at_the_start_of_the_91st_day() =>
        BehaviourRules.NextTransitionAt(Build.T0, Build.Day(10), Settings).ShouldBe(Build.Day(91));

    [Fact]
    public void A_customer_who_just_turned_dormant_turns_churned_at_the_start_of_the_181st_day() =>
        BehaviourRules.NextTransitionAt(Build.T0, Build.Day(91), Settings).ShouldBe(Build.Day(181));

    [Fact]
    public void A_churned_customer_has_no_further_transition_without_a_purchase() =>
        BehaviourRules.NextTransitionAt(Build.T0, Build.Day(181), Settings).ShouldBeNull();

    [Property]
    public Property The_silence_is_counted_in_completed_days_to_the_tick() =>
        Prop.ForAll(Gen.Choose(-400, 400).ToArbitrary(), Gen.Choose(0, 1439).ToArbitrary(), Gen.Elements(-1L, 0L, 1L).ToArbitrary(), (days, minutes, ticks) =>
        {
            var elapsed = TimeSpan.FromDays(days) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromTicks(ticks);
            var completedDays = Math.Floor((decimal)elapsed.Ticks / TimeSpan.TicksPerDay);
            var expected = completedDays > Settings.ChurnAfterDays ? Behaviour.Churned
                : completedDays > Settings.ActiveWithinDays ? Behaviour.Dormant
                : Behaviour.Active;

            BehaviourRules.ClassOf(Build.T0, Build.T0 + elapsed, Settings).ShouldBe(expected);
        });

    [Property]
    public Property The_class_holds_until_the_next_transition_and_changes_there() =>
        Prop.ForAll(Gen.Choose(0, 400 * 24).ToArbitrary(), hours =>
        {
            var asOf = Build.T0.AddHours(hours);
            var now = BehaviourRules.ClassOf(Build.T0, asOf, Settings);
            var next = BehaviourRules.NextTransitionAt(Build.T0, asOf, Settings);

            if (next is not { } at)
            {
                now.ShouldBe(Behaviour.Churned);
                return;
            }
            BehaviourRules.ClassOf(Build.T0, at.AddTicks(-1), Settings).ShouldBe(now);
            (BehaviourRules.ClassOf(Build.T0, at, Settings) > now).ShouldBeTrue("the class gets worse at the transition");
        });

    [Property]
    public Property More_silence_never_gives_a_better_class() =>
        Prop.ForAll(Gen.Choose(0, 400 * 24).ToArbitrary(), Gen.Choose(0, 400 * 24).ToArbitrary(), (hours, moreHours) =>
            (BehaviourRules.ClassOf(Build.T0, Build.T0.AddHours(hours + moreHours), Settings)
                >= BehaviourRules.ClassOf(Build.T0, Build.T0.AddHours(hours), Settings)).ShouldBeTrue());
}
