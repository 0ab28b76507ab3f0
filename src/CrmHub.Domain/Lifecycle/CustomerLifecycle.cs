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
        var made = PurchaseHistory.UpTo(facts.PurchaseTimes, asOf);
        return AssessMade(facts, made, made.Length, PurchaseHistory.WinBacks(made, settings), asOf, settings);
    }

    /// <summary>
    /// <see cref="Assess"/> over the first <paramref name="made"/> purchases of <paramref name="sorted"/> (oldest first),
    /// those made by <paramref name="asOf"/>, with their <paramref name="winBacks"/> already counted.
    /// </summary>
    private static LifecycleAssessment AssessMade(
        LifecycleFacts facts, DateTimeOffset[] sorted, int made, int winBacks, DateTimeOffset asOf, LifecycleSettings settings)
    {
        if (made == 0)
            return new(StageBeforeFirstPurchase(facts), WinBacks: 0);

        return new(StageOfBuyer(sorted, made, facts.LatestSatisfaction, asOf, settings), winBacks);
    }

    /// <summary>
    /// D1: the first instant after <paramref name="asOf"/> at which <see cref="Assess"/> gives a different result with no
    /// new event (Loyal → Repeat as purchases leave the window or the silence grows, any buyer → Churned), so a grain can
    /// set a reminder; null when nothing will change. A purchase already recorded with a later time counts at its time.
    /// </summary>
    public static DateTimeOffset? NextChangeAt(LifecycleFacts facts, DateTimeOffset asOf, LifecycleSettings settings)
    {
        // The result only changes where a purchase happens or a day count crosses a threshold, so those instants are
        // the only candidates; the first at which the result differs is the answer. A long history has hundreds of
        // candidates, so it is sorted once, its win-backs counted once per prefix, and each candidate takes its prefix.
        ArgumentNullException.ThrowIfNull(facts);
        DateTimeOffset[] sorted = [.. facts.PurchaseTimes.Order()];
        var winBacksOfFirst = new int[sorted.Length + 1];
        for (var count = 2; count <= sorted.Length; count++)
        {
            winBacksOfFirst[count] = winBacksOfFirst[count - 1] + (PurchaseHistory.IsWinBack(sorted[count - 2], sorted[count - 1], settings) ? 1 : 0);
        }
        LifecycleAssessment At(DateTimeOffset instant)
        {
            var made = PurchaseHistory.CountUpTo(sorted, instant);
            return AssessMade(facts, sorted, made, winBacksOfFirst[made], instant, settings);
        }

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

    private static LifecycleStage StageOfBuyer(DateTimeOffset[] sorted, int made, SatisfactionLevel? satisfaction, DateTimeOffset asOf, LifecycleSettings settings)
    {
        if (BehaviourRules.ClassOf(sorted[made - 1], asOf, settings) == Behaviour.Churned)
            return LifecycleStage.Churned;
        if (made == 1)
            return LifecycleStage.FirstTime;
        return IsLoyal(sorted, made, satisfaction, asOf, settings) ? LifecycleStage.Loyal : LifecycleStage.Repeat;
    }

    /// <summary>
    /// The purchases within the window are the newest ones (the history is oldest first), so they are walked from the
    /// newest back, gap by gap, starting with the silence up to <paramref name="asOf"/>.
    /// </summary>
    private static bool IsLoyal(DateTimeOffset[] sorted, int made, SatisfactionLevel? satisfaction, DateTimeOffset asOf, LifecycleSettings settings)
    {
        if (satisfaction is < SatisfactionLevel.Satisfied)
            return false;
        var (inWindow, later) = (0, asOf);
        for (var index = made - 1; index >= 0 && PurchaseHistory.DaysBetween(sorted[index], asOf) <= settings.LoyaltyWindowDays; index--)
        {
            if (PurchaseHistory.DaysBetween(sorted[index], later) > settings.LoyalMaxGapDays)
                return false;
            (inWindow, later) = (inWindow + 1, sorted[index]);
        }
        return inWindow >= settings.LoyalMinPurchases;
    }
}
