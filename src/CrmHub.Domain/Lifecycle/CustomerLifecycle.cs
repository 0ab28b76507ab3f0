using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Domain.Lifecycle;

/// <summary>D1: the facts the lifecycle stage is derived from.</summary>
/// <param name="PurchaseTimes">When the customer bought, in any order; purchases after the evaluation instant are ignored.</param>
/// <param name="HasKnownNeed">The company knows the party has a need (a prospect event or a profile makes it Potential).</param>
/// <param name="Targeted">A manager chose to pursue the party (manual Target).</param>
/// <param name="MarkedNonCustomer">A manager marked the party as not a customer (manual NonCustomer).</param>
/// <param name="LatestSatisfaction">D8: the latest satisfaction level, or null when none was ever recorded.</param>
public sealed record LifecycleFacts(
    ImmutableArray<DateTimeOffset> PurchaseTimes,
    bool HasKnownNeed,
    bool Targeted,
    bool MarkedNonCustomer,
    SatisfactionLevel? LatestSatisfaction);

/// <summary>D1: the lifecycle stage and how many times the customer was won back after churning.</summary>
public sealed record LifecycleAssessment(LifecycleStage Stage, int WinBacks);

/// <summary>D1: the customer's lifecycle stage, derived from the purchase history as of an instant.</summary>
public static class CustomerLifecycle
{
    /// <summary>
    /// D1: the lifecycle stage as of <paramref name="asOf"/>, and the win-backs so far. In order:
    /// <list type="bullet">
    /// <item>Never bought: NonCustomer if so marked, else Target if targeted (a manager's choice to pursue wins even
    /// before a need is recorded), else Potential if a need is known, else NonCustomer (known, but no need known).</item>
    /// <item>Bought, last purchase more than ChurnAfterDays (180) completed days ago: Churned. Purchases outrank the
    /// manual marks: a party that bought is a customer (D1), so NonCustomer and Target apply only before the first purchase.</item>
    /// <item>Exactly one purchase: FirstTime.</item>
    /// <item>Two or more: Loyal when (a) at least LoyalMinPurchases (4) purchases fall within the last
    /// LoyaltyWindowDays (365) days, (b) no gap between consecutive purchases within that window is longer than
    /// LoyalMaxGapDays (90; exactly 90 days is allowed, 91 breaks), and the silence since the last purchase counts as an
    /// open gap too, so a Loyal customer is always Active; earlier history does not count against loyalty; and (c) the
    /// latest satisfaction is not below Satisfied; no recorded satisfaction does not block loyalty (most customers never
    /// answer a survey; only a known Dissatisfied does). Otherwise Repeat, which also covers a churned customer who bought again.</item>
    /// </list>
    /// Win-backs: every gap between consecutive purchases longer than ChurnAfterDays completed days, i.e. every return
    /// of a customer who had been Churned.
    /// </summary>
    public static LifecycleAssessment Assess(LifecycleFacts facts, DateTimeOffset asOf, LifecycleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return AssessMade(facts, PurchaseHistory.UpTo(facts.PurchaseTimes, asOf), asOf, settings);
    }

    /// <summary><see cref="Assess"/> over the purchases made by <paramref name="asOf"/>, given oldest first.</summary>
    private static LifecycleAssessment AssessMade(LifecycleFacts facts, IReadOnlyList<DateTimeOffset> purchases, DateTimeOffset asOf, LifecycleSettings settings)
    {
        if (purchases.Count == 0)
            return new(StageBeforeFirstPurchase(facts), WinBacks: 0);

        return new(StageOfBuyer(purchases, facts.LatestSatisfaction, asOf, settings), PurchaseHistory.WinBacks(purchases, settings));
    }

    /// <summary>
    /// D1: the first instant after <paramref name="asOf"/> at which <see cref="Assess"/> gives a different result with no
    /// new event (Loyal → Repeat as purchases leave the window or the silence grows, any buyer → Churned), so a grain can
    /// set a reminder; null when nothing will change. A purchase already recorded with a later time counts at its time.
    /// </summary>
    public static DateTimeOffset? NextChangeAt(LifecycleFacts facts, DateTimeOffset asOf, LifecycleSettings settings)
    {
        // The result only changes where a purchase happens or a day count crosses a threshold, so those instants are
        // the only candidates; the first at which the result differs is the answer. The history is sorted once and each
        // candidate takes its prefix: a long history has hundreds of candidates.
        ArgumentNullException.ThrowIfNull(facts);
        DateTimeOffset[] sorted = [.. facts.PurchaseTimes.Order()];
        LifecycleAssessment At(DateTimeOffset instant) =>
            AssessMade(facts, new ArraySegment<DateTimeOffset>(sorted, 0, PurchaseHistory.CountUpTo(sorted, instant)), instant, settings);
        var current = At(asOf);
        int[] thresholds = [settings.LoyalMaxGapDays, settings.ChurnAfterDays, settings.LoyaltyWindowDays];
        var candidates = facts.PurchaseTimes
            .SelectMany(time => thresholds.Select(days => PurchaseHistory.FirstInstantBeyond(time, days)).Append(time))
            .Where(candidate => candidate > asOf)
            .Distinct()
            .Order();
        foreach (var candidate in candidates)
        {
            if (At(candidate) != current)
                return candidate;
        }
        return null;
    }

    private static LifecycleStage StageBeforeFirstPurchase(LifecycleFacts facts) => facts switch
    {
        { MarkedNonCustomer: true } => LifecycleStage.NonCustomer,
        { Targeted: true } => LifecycleStage.Target,
        { HasKnownNeed: true } => LifecycleStage.Potential,
        _ => LifecycleStage.NonCustomer,
    };

    private static LifecycleStage StageOfBuyer(IReadOnlyList<DateTimeOffset> purchases, SatisfactionLevel? satisfaction, DateTimeOffset asOf, LifecycleSettings settings)
    {
        if (BehaviourRules.ClassOf(purchases[^1], asOf, settings) == Behaviour.Churned)
            return LifecycleStage.Churned;
        if (purchases.Count == 1)
            return LifecycleStage.FirstTime;
        return IsLoyal(purchases, satisfaction, asOf, settings) ? LifecycleStage.Loyal : LifecycleStage.Repeat;
    }

    private static bool IsLoyal(IReadOnlyList<DateTimeOffset> purchases, SatisfactionLevel? satisfaction, DateTimeOffset asOf, LifecycleSettings settings)
    {
        DateTimeOffset[] inWindow = [.. purchases.Where(time => PurchaseHistory.DaysBetween(time, asOf) <= settings.LoyaltyWindowDays)];
        return inWindow.Length >= settings.LoyalMinPurchases
            && PurchaseHistory.GapsInDays([.. inWindow, asOf]).All(gap => gap <= settings.LoyalMaxGapDays)
            && satisfaction is not < SatisfactionLevel.Satisfied;
    }
}
