using CrmHub.Abstractions.Events;

namespace CrmHub.Domain.Customers;

/// <summary>D1 lifecycle stage, so far as the purchase history decides it.</summary>
public static class LifecycleRules
{
    /// <summary>Known but never bought: Potential; one purchase: FirstTime; two or more: Repeat.</summary>
    public static LifecycleStage StageFor(int purchaseCount) => purchaseCount switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(purchaseCount), purchaseCount, "A purchase count cannot be negative."),
        0 => LifecycleStage.Potential,
        1 => LifecycleStage.FirstTime,
        _ => LifecycleStage.Repeat,
    };
}
