using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Lifecycle;

namespace CrmHub.Domain.Tests.Lifecycle;

public class ChurnRiskTests
{
    private static readonly LifecycleSettings Lifecycle = LifecycleSettings.Default;
    private static readonly ChurnRiskSettings Settings = ChurnRiskSettings.Default;

    /// <summary>Bought every 40 days, the last time 120 days before T0: silent for three usual gaps.</summary>
    private static ImmutableArray<DateTimeOffset> SilentForThreeUsualGaps { get; } = Build.Days(-200, -160, -120);

    /// <summary>Bought every 40 days, the last time 80 days before T0: silent for two usual gaps.</summary>
    private static ImmutableArray<DateTimeOffset> SilentForTwoUsualGaps { get; } = Build.Days(-160, -120, -80);

    /// <summary>Bought yesterday and the day before: no silence to speak of.</summary>
    private static ImmutableArray<DateTimeOffset> JustBought { get; } = Build.Days(-2, -1);

    private static ChurnRiskAssessment AssessAtT0(ChurnRiskFacts facts, ChurnRiskSettings? settings = null) =>
        ChurnRisk.Assess(facts, Build.T0, Lifecycle, settings ?? Settings);

    private static ChurnRiskSignal OnlySignal(ChurnRiskFacts facts) => AssessAtT0(facts).Signals.ShouldHaveSingleItem();

    private static ChurnRiskAssessment Assessment(ChurnState state, decimal score) => new(state, score, []);

    // Growing gap.

    [Fact]
    public void A_silence_three_times_the_usual_gap_is_a_full_signal_and_alone_a_warning()
    {
        var risk = AssessAtT0(Build.RiskFacts(SilentForThreeUsualGaps));

        risk.State.ShouldBe(ChurnState.Warning);
        risk.Score.ShouldBe(0.5m);
        risk.Signals.ShouldBe([new ChurnRiskSignal(ChurnSignal.GrowingGap, 1m, 0.5m, "No purchase for 120 days, 3.0× the usual 40-day gap")]);
    }

    [Fact]
    public void A_silence_no_longer_than_the_usual_gap_is_no_signal() =>
        AssessAtT0(Build.RiskFacts(Build.Days(-120, -80, -40))).ShouldSatisfyAllConditions(
            risk => risk.State.ShouldBe(ChurnState.Stable),
            risk => risk.Score.ShouldBe(0m),
            risk => risk.Signals.ShouldBeEmpty());

    [Fact]
    public void A_silence_twice_the_usual_gap_is_a_half_signal()
    {
        var signal = OnlySignal(Build.RiskFacts(SilentForTwoUsualGaps));

        signal.Strength.ShouldBe(0.5m);
        signal.Contribution.ShouldBe(0.25m);
    }

    [Fact]
    public void The_usual_gap_is_the_median_gap() =>
        OnlySignal(Build.RiskFacts(Build.Days(-141, -131, -100))).Explanation.ShouldBe("No purchase for 100 days, 4.9× the usual 20.5-day gap");

    [Fact]
    public void A_first_time_buyer_is_compared_with_the_active_window()
    {
        var signal = OnlySignal(Build.RiskFacts(Build.Days(-135)));

        signal.Strength.ShouldBe(0.25m);
        signal.Explanation.ShouldBe("No purchase for 135 days, 1.5× the 90-day active window (no usual gap yet)");
    }

    [Fact]
    public void A_churned_customer_is_departed_even_when_the_silence_is_usual_for_it()
    {
        var risk = AssessAtT0(Build.RiskFacts(Build.Days(-930, -565, -200)));

        risk.State.ShouldBe(ChurnState.Departed);
        risk.Score.ShouldBe(0m, "a yearly buyer silent for 200 days is within its usual gap");
    }

    [Fact]
    public void A_party_that_never_bought_has_no_gap_signal_and_is_not_departed() =>
        AssessAtT0(Build.RiskFacts([], openComplaints: 2)).ShouldSatisfyAllConditions(
            risk => risk.State.ShouldBe(ChurnState.Stable),
            risk => risk.Signals.Select(signal => signal.Name).ShouldBe([ChurnSignal.OpenComplaints]));

    // Complaints, satisfaction and receivables.

    [Fact]
    public void One_open_complaint_is_a_half_signal() =>
        OnlySignal(Build.RiskFacts(JustBought, openComplaints: 1))
            .ShouldBe(new ChurnRiskSignal(ChurnSignal.OpenComplaints, 0.5m, 0.075m, "1 open complaint"));

    [Fact]
    public void Two_complaints_within_90_days_are_repeated_complaints() =>
        OnlySignal(Build.RiskFacts(JustBought, complaints: Build.Days(-90, -5)))
            .ShouldBe(new ChurnRiskSignal(ChurnSignal.RepeatedComplaints, 0.5m, 0.05m, "2 complaints in the last 90 days"));

    [Fact]
    public void A_complaint_91_days_ago_is_no_longer_recent() =>
        AssessAtT0(Build.RiskFacts(JustBought, complaints: Build.Days(-91, -5))).Signals.ShouldBeEmpty();

    [Fact]
    public void Three_recent_complaints_are_a_full_signal() =>
        OnlySignal(Build.RiskFacts(JustBought, complaints: Build.Days(-60, -30, -5))).Strength.ShouldBe(1m);

    [Fact]
    public void Satisfaction_falling_two_levels_is_a_full_signal() =>
        OnlySignal(Build.RiskFacts(JustBought, latest: SatisfactionLevel.Satisfied, previous: SatisfactionLevel.Advocate))
            .ShouldBe(new ChurnRiskSignal(ChurnSignal.FallingSatisfaction, 1m, 0.15m, "Satisfaction fell from Advocate to Satisfied"));

    [Fact]
    public void Satisfaction_falling_one_level_is_a_half_signal() =>
        OnlySignal(Build.RiskFacts(JustBought, latest: SatisfactionLevel.Satisfied, previous: SatisfactionLevel.Returning)).Strength.ShouldBe(0.5m);

    [Theory]
    [InlineData(SatisfactionLevel.Advocate, SatisfactionLevel.Satisfied)]
    [InlineData(SatisfactionLevel.Satisfied, SatisfactionLevel.Satisfied)]
    [InlineData(SatisfactionLevel.Dissatisfied, null)]
    public void Satisfaction_that_did_not_fall_is_no_signal(SatisfactionLevel latest, SatisfactionLevel? previous) =>
        AssessAtT0(Build.RiskFacts(JustBought, latest: latest, previous: previous)).Signals.ShouldBeEmpty();

    [Fact]
    public void Receivables_overdue_45_days_are_a_half_signal() =>
        OnlySignal(Build.RiskFacts(JustBought, overdueDays: 45))
            .ShouldBe(new ChurnRiskSignal(ChurnSignal.OverdueReceivables, 0.5m, 0.05m, "Receivables overdue for 45 days"));

    // Score and state.

    [Fact]
    public void A_score_of_exactly_the_warning_threshold_is_a_warning() =>
        AssessAtT0(Build.RiskFacts(SilentForTwoUsualGaps, openComplaints: 2, overdueDays: 90)).ShouldSatisfyAllConditions(
            risk => risk.Score.ShouldBe(0.5m),
            risk => risk.State.ShouldBe(ChurnState.Warning));

    [Fact]
    public void A_score_just_below_the_warning_threshold_is_stable() =>
        AssessAtT0(Build.RiskFacts(SilentForTwoUsualGaps, openComplaints: 2, overdueDays: 89)).ShouldSatisfyAllConditions(
            risk => risk.Score.ShouldBeLessThan(0.5m),
            risk => risk.State.ShouldBe(ChurnState.Stable));

    [Fact]
    public void Every_signal_at_full_strength_scores_one_with_the_strongest_signals_first()
    {
        var risk = AssessAtT0(Build.RiskFacts(
            SilentForThreeUsualGaps,
            openComplaints: 3,
            complaints: Build.Days(-30, -20, -10),
            latest: SatisfactionLevel.Dissatisfied,
            previous: SatisfactionLevel.Returning,
            overdueDays: 200));

        risk.Score.ShouldBe(1m);
        risk.Signals.Select(signal => signal.Name).ShouldBe(
            [ChurnSignal.GrowingGap, ChurnSignal.OpenComplaints, ChurnSignal.FallingSatisfaction, ChurnSignal.RepeatedComplaints, ChurnSignal.OverdueReceivables]);
    }

    [Fact]
    public void Weights_are_relative_so_scaling_them_all_keeps_the_score()
    {
        var facts = Build.RiskFacts(SilentForTwoUsualGaps, openComplaints: 1, overdueDays: 30);
        var doubled = Settings with
        {
            GrowingGapWeight = 1m,
            OpenComplaintsWeight = 0.3m,
            RepeatedComplaintsWeight = 0.2m,
            FallingSatisfactionWeight = 0.3m,
            OverdueReceivablesWeight = 0.2m,
        };

        AssessAtT0(facts, doubled).Score.ShouldBe(AssessAtT0(facts).Score, tolerance: 1e-20m, "up to decimal rounding in the last digit");
    }

    [Fact]
    public void A_signal_with_zero_weight_is_not_shown() =>
        AssessAtT0(Build.RiskFacts(JustBought, overdueDays: 45), Settings with { OverdueReceivablesWeight = 0m }).Signals.ShouldBeEmpty();

    // Rise for the key-account manager alert.

    [Theory]
    [InlineData(ChurnState.Stable, ChurnState.Warning)]
    [InlineData(ChurnState.Warning, ChurnState.Departed)]
    [InlineData(ChurnState.Stable, ChurnState.Departed)]
    public void A_worse_state_is_a_rise(ChurnState before, ChurnState after) =>
        ChurnRisk.Rose(Assessment(before, 0.5m), Assessment(after, 0.5m), Settings).ShouldBeTrue();

    [Fact]
    public void A_first_assessment_in_warning_is_a_rise() =>
        ChurnRisk.Rose(ChurnRiskAssessment.None, Assessment(ChurnState.Warning, 0.5m), Settings).ShouldBeTrue();

    [Fact]
    public void A_warning_whose_score_grows_by_a_full_step_is_a_rise() =>
        ChurnRisk.Rose(Assessment(ChurnState.Warning, 0.5m), Assessment(ChurnState.Warning, 0.6m), Settings).ShouldBeTrue();

    [Fact]
    public void A_warning_whose_score_grows_by_less_than_a_step_is_not_a_rise() =>
        ChurnRisk.Rose(Assessment(ChurnState.Warning, 0.5m), Assessment(ChurnState.Warning, 0.59m), Settings).ShouldBeFalse();

    [Fact]
    public void A_growing_score_that_stays_stable_is_not_a_rise() =>
        ChurnRisk.Rose(Assessment(ChurnState.Stable, 0.1m), Assessment(ChurnState.Stable, 0.45m), Settings).ShouldBeFalse();

    [Fact]
    public void A_better_state_is_not_a_rise() =>
        ChurnRisk.Rose(Assessment(ChurnState.Departed, 0.9m), Assessment(ChurnState.Warning, 0.6m), Settings).ShouldBeFalse();

    // Properties.

    [Property]
    public Property More_silence_never_lowers_the_score_or_improves_the_state() =>
        Prop.ForAll(Scenarios.ToArbitrary(), Gen.Choose(0, 400).ToArbitrary(), (scenario, moreDays) =>
        {
            var earlier = scenario.Facts with { PurchaseTimes = [.. scenario.Facts.PurchaseTimes.Select(time => time.AddDays(-moreDays))] };

            var now = ChurnRisk.Assess(scenario.Facts, scenario.AsOf, Lifecycle, Settings);
            var later = ChurnRisk.Assess(earlier, scenario.AsOf, Lifecycle, Settings);

            later.Score.ShouldBeGreaterThanOrEqualTo(now.Score);
            (later.State >= now.State).ShouldBeTrue($"{later.State} after more silence, {now.State} before");
        });

    [Property]
    public Property The_score_is_between_zero_and_one_and_is_the_sum_of_the_contributions() =>
        Prop.ForAll(Scenarios.ToArbitrary(), scenario =>
        {
            var risk = ChurnRisk.Assess(scenario.Facts, scenario.AsOf, Lifecycle, Settings);

            risk.Score.ShouldBeInRange(0m, 1m);
            risk.Score.ShouldBe(risk.Signals.Sum(signal => signal.Contribution));
            risk.Signals.ShouldAllBe(signal => signal.Strength > 0m && signal.Strength <= 1m);
            risk.Signals.Select(signal => signal.Name).ShouldBeUnique();
        });

    /// <summary>Any history and other facts, assessed at some instant up to 400 days after the last purchase.</summary>
    private static Gen<(ChurnRiskFacts Facts, DateTimeOffset AsOf)> Scenarios { get; } =
        from purchases in LifecycleGen.Purchases
        from silenceHours in Gen.Choose(0, 400 * 24)
        from open in Gen.Choose(0, 3)
        from complaintDays in Gen.Choose(0, 200).ArrayOf()
        from latest in LifecycleGen.Satisfaction
        from previous in LifecycleGen.Satisfaction
        from overdue in Gen.Choose(0, 200)
        let asOf = (purchases.IsEmpty ? Build.T0 : purchases[^1]).AddHours(silenceHours)
        select (Build.RiskFacts(purchases, open, complaintDays.Select(days => asOf.AddDays(-days)), latest, previous, overdue), asOf);
}
