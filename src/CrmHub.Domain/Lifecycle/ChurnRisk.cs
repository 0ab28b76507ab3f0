using System.Collections.Immutable;
using System.Globalization;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Lifecycle;

/// <summary>
/// D6: the churn-risk weights and thresholds (configurable under <c>CrmHub:Rules</c>). Each signal has a strength from
/// 0 to 1 that rises linearly from its start to its "full" value; the score is the weighted mean of the strengths
/// (weights are relative: they are divided by their sum, so the score stays within 0–1 however they are set).
/// </summary>
/// <param name="GrowingGapWeight">Weight of the silence since the last purchase compared with the usual gap.</param>
/// <param name="OpenComplaintsWeight">Weight of open complaints.</param>
/// <param name="RepeatedComplaintsWeight">Weight of repeated complaints within <paramref name="ComplaintWindowDays"/>.</param>
/// <param name="FallingSatisfactionWeight">Weight of a fall in satisfaction.</param>
/// <param name="OverdueReceivablesWeight">Weight of overdue receivables.</param>
/// <param name="GapRatioStart">Silence ÷ usual gap at which the growing-gap signal starts (1: longer than usual).</param>
/// <param name="GapRatioForFull">Silence ÷ usual gap at which the growing-gap signal is at full strength.</param>
/// <param name="OpenComplaintsForFull">Open complaints that give the open-complaints signal full strength.</param>
/// <param name="ComplaintWindowDays">How far back (in days) complaints count as recent for the repeated-complaints signal.</param>
/// <param name="RepeatedComplaintsForFull">Recent complaints that give the repeated-complaints signal full strength (it starts above one).</param>
/// <param name="SatisfactionDropForFull">Levels lost (e.g. Advocate → Satisfied is 2) that give the falling-satisfaction signal full strength.</param>
/// <param name="OverdueDaysForFull">Days overdue that give the overdue-receivables signal full strength (D7's short-term limit).</param>
/// <param name="WarningScore">Score at or above which the state is Warning.</param>
/// <param name="RiseStep">Score increase, while not Stable, that counts as a rise for the key-account manager alert.</param>
public sealed record ChurnRiskSettings(
    decimal GrowingGapWeight,
    decimal OpenComplaintsWeight,
    decimal RepeatedComplaintsWeight,
    decimal FallingSatisfactionWeight,
    decimal OverdueReceivablesWeight,
    decimal GapRatioStart,
    decimal GapRatioForFull,
    int OpenComplaintsForFull,
    int ComplaintWindowDays,
    int RepeatedComplaintsForFull,
    int SatisfactionDropForFull,
    int OverdueDaysForFull,
    decimal WarningScore,
    decimal RiseStep)
{
    /// <summary>
    /// Silence weighs most ("most unhappy customers just leave", D9): a silence three times the usual gap alone
    /// reaches the 0.5 warning score.
    /// </summary>
    public static ChurnRiskSettings Default { get; } = new(
        GrowingGapWeight: 0.5m,
        OpenComplaintsWeight: 0.15m,
        RepeatedComplaintsWeight: 0.1m,
        FallingSatisfactionWeight: 0.15m,
        OverdueReceivablesWeight: 0.1m,
        GapRatioStart: 1m,
        GapRatioForFull: 3m,
        OpenComplaintsForFull: 2,
        ComplaintWindowDays: 90,
        RepeatedComplaintsForFull: 3,
        SatisfactionDropForFull: 2,
        OverdueDaysForFull: 90,
        WarningScore: 0.5m,
        RiseStep: 0.1m);
}

/// <summary>D6: the facts churn risk is assessed from.</summary>
/// <param name="PurchaseTimes">When the customer bought, in any order; purchases after the evaluation instant are ignored.</param>
/// <param name="OpenComplaints">Complaints not yet resolved.</param>
/// <param name="ComplaintTimes">When each complaint (open or not) was raised.</param>
/// <param name="LatestSatisfaction">D8: the latest satisfaction level, if any.</param>
/// <param name="PreviousSatisfaction">D8: the level recorded before the latest one, if any.</param>
/// <param name="OverdueDays">D7: age in days of the oldest overdue invoice; 0 when nothing is overdue.</param>
public sealed record ChurnRiskFacts(
    ImmutableArray<DateTimeOffset> PurchaseTimes,
    int OpenComplaints,
    ImmutableArray<DateTimeOffset> ComplaintTimes,
    SatisfactionLevel? LatestSatisfaction,
    SatisfactionLevel? PreviousSatisfaction,
    int OverdueDays);

/// <summary>D6: one present churn-risk signal: its strength (0–1], its share of the score and a short explanation.</summary>
public sealed record ChurnRiskSignal(ChurnSignal Name, decimal Strength, decimal Contribution, string Explanation);

/// <summary>D6: the churn state group, the score (0–1, the sum of the signals' contributions) and the present signals, strongest first.</summary>
public sealed record ChurnRiskAssessment(ChurnState State, decimal Score, ImmutableArray<ChurnRiskSignal> Signals)
{
    /// <summary>No risk at all: what to compare the first assessment of a customer with.</summary>
    public static ChurnRiskAssessment None { get; } = new(ChurnState.Stable, 0m, []);
}

/// <summary>D6: churn risk: a transparent weighted score over named signals, and the state group it puts the customer in.</summary>
public static class ChurnRisk
{
    /// <summary>
    /// D6: the churn risk as of <paramref name="asOf"/>. Signals (each 0 to 1, weighted by <see cref="ChurnRiskSettings"/>):
    /// growing gap = completed days since the last purchase ÷ the median gap between consecutive purchases (a customer
    /// with fewer than two purchases has no usual gap yet and is compared with the Active window instead; a usual gap
    /// under one day counts as one day); open complaints; repeated complaints (more than one raised within the
    /// complaint window); falling satisfaction (the latest level below the previous one); overdue receivables.
    /// State: Departed when the behaviour is Churned (whatever the score), else Warning at a score of at least
    /// <see cref="ChurnRiskSettings.WarningScore"/>, else Stable.
    /// </summary>
    public static ChurnRiskAssessment Assess(ChurnRiskFacts facts, DateTimeOffset asOf, LifecycleSettings lifecycle, ChurnRiskSettings settings)
    {
        var purchases = PurchaseHistory.UpTo(facts.PurchaseTimes, asOf);
        Measured[] measured =
        [
            GrowingGap(purchases, asOf, lifecycle, settings),
            OpenComplaints(facts.OpenComplaints, settings),
            RepeatedComplaints(facts.ComplaintTimes, asOf, settings),
            FallingSatisfaction(facts.LatestSatisfaction, facts.PreviousSatisfaction, settings),
            OverdueReceivables(facts.OverdueDays, settings),
        ];

        var totalWeight = measured.Sum(signal => signal.Weight);
        ImmutableArray<ChurnRiskSignal> signals =
        [
            .. measured
                .Where(signal => signal.Strength > 0 && signal.Weight > 0)
                .Select(signal => new ChurnRiskSignal(signal.Name, signal.Strength, signal.Weight * signal.Strength / totalWeight, signal.Explanation))
                .OrderByDescending(signal => signal.Contribution),
        ];
        var score = signals.Sum(signal => signal.Contribution);

        var departed = purchases.Length > 0 && BehaviourRules.ClassOf(purchases[^1], asOf, lifecycle) == Behaviour.Churned;
        var state = departed ? ChurnState.Departed : score >= settings.WarningScore ? ChurnState.Warning : ChurnState.Stable;
        return new(state, score, signals);
    }

    /// <summary>
    /// D5/D6: whether the risk rose from <paramref name="previous"/> to <paramref name="current"/> (the key-account
    /// manager's "churn-risk rise" alert): the state got worse (Stable → Warning → Departed), or, while not Stable, the
    /// score grew by at least <see cref="ChurnRiskSettings.RiseStep"/>. Score changes within Stable do not alert (they
    /// would fire daily as the silence grows). Compare with the assessment last reported, so that slow growth alerts
    /// once it adds up to a step; use <see cref="ChurnRiskAssessment.None"/> for a customer never assessed.
    /// </summary>
    public static bool Rose(ChurnRiskAssessment previous, ChurnRiskAssessment current, ChurnRiskSettings settings) =>
        current.State > previous.State
        || (current.State != ChurnState.Stable && current.Score - previous.Score >= settings.RiseStep);

    private static Measured GrowingGap(DateTimeOffset[] purchases, DateTimeOffset asOf, LifecycleSettings lifecycle, ChurnRiskSettings settings)
    {
        if (purchases.Length == 0)
            return new(ChurnSignal.GrowingGap, settings.GrowingGapWeight, 0m, "No purchase yet");

        var silence = PurchaseHistory.DaysBetween(purchases[^1], asOf);
        var gaps = PurchaseHistory.GapsInDays(purchases).Order().ToArray();
        var usual = gaps.Length == 0 ? lifecycle.ActiveWithinDays : Math.Max(1m, Median(gaps));
        var ratio = silence / usual;
        return new(ChurnSignal.GrowingGap, settings.GrowingGapWeight, Ramp(ratio, settings.GapRatioStart, settings.GapRatioForFull), gaps.Length == 0
            ? Text($"No purchase for {silence} days, {ratio:0.0}× the {usual}-day active window (no usual gap yet)")
            : Text($"No purchase for {silence} days, {ratio:0.0}× the usual {usual:0.#}-day gap"));
    }

    private static Measured OpenComplaints(int open, ChurnRiskSettings settings) =>
        new(ChurnSignal.OpenComplaints, settings.OpenComplaintsWeight, Ramp(open, 0, settings.OpenComplaintsForFull),
            open == 1 ? "1 open complaint" : Text($"{open} open complaints"));

    private static Measured RepeatedComplaints(ImmutableArray<DateTimeOffset> complaintTimes, DateTimeOffset asOf, ChurnRiskSettings settings)
    {
        var recent = complaintTimes.Count(time => time <= asOf && PurchaseHistory.DaysBetween(time, asOf) <= settings.ComplaintWindowDays);
        return new(ChurnSignal.RepeatedComplaints, settings.RepeatedComplaintsWeight, Ramp(recent, 1, settings.RepeatedComplaintsForFull),
            Text($"{recent} complaints in the last {settings.ComplaintWindowDays} days"));
    }

    private static Measured FallingSatisfaction(SatisfactionLevel? latest, SatisfactionLevel? previous, ChurnRiskSettings settings)
    {
        // SatisfactionLevel is ordered from worst to best (D8), so the difference of two levels is the number of levels lost.
        var drop = latest is { } now && previous is { } before && now < before ? (int)before - (int)now : 0;
        return new(ChurnSignal.FallingSatisfaction, settings.FallingSatisfactionWeight, Ramp(drop, 0, settings.SatisfactionDropForFull),
            $"Satisfaction fell from {previous} to {latest}");
    }

    private static Measured OverdueReceivables(int overdueDays, ChurnRiskSettings settings) =>
        new(ChurnSignal.OverdueReceivables, settings.OverdueReceivablesWeight, Ramp(overdueDays, 0, settings.OverdueDaysForFull),
            overdueDays == 1 ? "Receivables overdue for 1 day" : Text($"Receivables overdue for {overdueDays} days"));

    /// <summary>0 up to <paramref name="start"/>, 1 from <paramref name="full"/> on, linear in between.</summary>
    private static decimal Ramp(decimal value, decimal start, decimal full) =>
        value <= start ? 0m : value >= full ? 1m : (value - start) / (full - start);

    private static decimal Median(long[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2m;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One signal as measured, before weighting; kept only when its strength and weight are above zero.</summary>
    private sealed record Measured(ChurnSignal Name, decimal Weight, decimal Strength, string Explanation);
}
