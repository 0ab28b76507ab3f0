namespace CrmHub.Domain.Lifecycle;

/// <summary>
/// D1/D6: the thresholds of lifecycle stages, behaviour classes and retention (configurable under <c>CrmHub:Rules</c>).
/// Every "within N days" counts completed 24-hour days since the instant in question: a purchase made
/// exactly N days (or N days and some hours) ago is within N days; N + 1 completed days is beyond.
/// </summary>
/// <param name="ActiveWithinDays">D6: Active while the last purchase is at most this many days ago.</param>
/// <param name="ChurnAfterDays">D1/D6: Churned once the last purchase is more than this many days ago (Dormant up to it).</param>
/// <param name="LoyalMinPurchases">D1: purchases within <paramref name="LoyaltyWindowDays"/> needed to be Loyal.</param>
/// <param name="LoyaltyWindowDays">D1: "the last 12 months" of the Loyal rule, in days.</param>
/// <param name="LoyalMaxGapDays">D1: the longest gap (in days) between consecutive purchases that still counts as continuous.</param>
public sealed record LifecycleSettings(
    int ActiveWithinDays,
    int ChurnAfterDays,
    int LoyalMinPurchases,
    int LoyaltyWindowDays,
    int LoyalMaxGapDays)
{
    public static LifecycleSettings Default { get; } = new(
        ActiveWithinDays: 90,
        ChurnAfterDays: 180,
        LoyalMinPurchases: 4,
        LoyaltyWindowDays: 365,
        LoyalMaxGapDays: 90);
}
