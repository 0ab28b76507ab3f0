using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Lifecycle;

/// <summary>D6: behaviour classes from the silence since the last purchase.</summary>
public static class BehaviourRules
{
    /// <summary>
    /// D6: Active while the last purchase is at most <see cref="LifecycleSettings.ActiveWithinDays"/> completed days ago
    /// (exactly 90 days is still Active), Dormant up to <see cref="LifecycleSettings.ChurnAfterDays"/> days
    /// (91–180: exactly 180 is Dormant), Churned beyond (181 days and more).
    /// </summary>
    public static Behaviour ClassOf(DateTimeOffset lastPurchaseAt, DateTimeOffset asOf, LifecycleSettings settings)
    {
        // Churned is checked first so that a churn period set shorter than the active window still churns.
        var silence = PurchaseHistory.DaysBetween(lastPurchaseAt, asOf);
        if (silence > settings.ChurnAfterDays)
            return Behaviour.Churned;
        return silence > settings.ActiveWithinDays ? Behaviour.Dormant : Behaviour.Active;
    }

    /// <summary>
    /// D6: the next instant after <paramref name="asOf"/> at which the behaviour class changes if nothing is bought
    /// (Active → Dormant, then Dormant → Churned), so a grain can set a reminder; null once Churned (no further change).
    /// </summary>
    public static DateTimeOffset? NextTransitionAt(DateTimeOffset lastPurchaseAt, DateTimeOffset asOf, LifecycleSettings settings)
    {
        var churnedAt = PurchaseHistory.FirstInstantBeyond(lastPurchaseAt, settings.ChurnAfterDays);
        var dormantAt = PurchaseHistory.FirstInstantBeyond(lastPurchaseAt, settings.ActiveWithinDays);
        if (churnedAt <= asOf)
            return null;
        return dormantAt > asOf && dormantAt < churnedAt ? dormantAt : churnedAt;
    }
}
