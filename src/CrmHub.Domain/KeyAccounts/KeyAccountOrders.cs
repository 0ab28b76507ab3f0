namespace CrmHub.Domain.KeyAccounts;

/// <summary>D5: orders a key-account manager is told about live.</summary>
public static class KeyAccountOrders
{
    /// <summary>
    /// D5: whether an order is large enough to tell the key-account manager: at or above the threshold
    /// (<see cref="KeyAccountSettings.LargeOrderAmount"/>, default 10,000; the brief names no amount).
    /// </summary>
    public static bool IsLargeOrder(decimal amount, decimal largeOrderAmount) => amount >= largeOrderAmount;
}
