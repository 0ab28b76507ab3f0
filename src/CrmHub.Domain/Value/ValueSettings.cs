namespace CrmHub.Domain.Value;

/// <summary>
/// Tunables of the value rules, D2 and D3 (configurable under <c>CrmHub:Rules</c>). Shares are fractions
/// (0.01 = 1%); the pyramid shares are per tier, top down, and together at most 1 (Lead takes the rest).
/// </summary>
/// <param name="ProfitWindow">D2: the rolling window profit is measured over, (asOf − window, asOf].</param>
/// <param name="PlatinumShare">D2: share of the ranked customers in Platinum (the top 1%).</param>
/// <param name="GoldShare">D2: share of the ranked customers in Gold (the next 4%).</param>
/// <param name="IronShare">D2: share of the ranked customers in Iron (the next 15%).</param>
/// <param name="ParetoTopShare">D2: the top share of customers whose revenue share is reported (the "20" of 80/20).</param>
/// <param name="DiscountRate">D3: the yearly discount rate d of the CLV formula.</param>
/// <param name="HorizonYears">D3: how many future years the CLV projection covers.</param>
/// <param name="DefaultRetention">D3/D6: the retention probability projected until a segment's own rate is measured.</param>
public sealed record ValueSettings(
    TimeSpan ProfitWindow,
    decimal PlatinumShare,
    decimal GoldShare,
    decimal IronShare,
    decimal ParetoTopShare,
    decimal DiscountRate,
    int HorizonYears,
    decimal DefaultRetention = ValueSettings.DefaultRetentionRate)
{
    /// <summary>An assumption until measured: 80% of customers stay from one year to the next.</summary>
    public const decimal DefaultRetentionRate = 0.8m;

    public static ValueSettings Default { get; } = new(
        ProfitWindow: TimeSpan.FromDays(365),
        PlatinumShare: 0.01m,
        GoldShare: 0.04m,
        IronShare: 0.15m,
        ParetoTopShare: 0.20m,
        DiscountRate: 0.10m,
        HorizonYears: 5);
}
