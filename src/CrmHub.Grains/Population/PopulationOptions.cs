using CrmHub.Abstractions.Population;

namespace CrmHub.Grains.Population;

/// <summary>
/// How the population figures (D2 pyramid, D3 customer equity) are spread, section <c>CrmHub:Population</c>.
/// The refresh period is a rule: <c>CrmHub:Rules:Pyramid:RefreshPeriod</c>.
/// </summary>
public sealed class PopulationOptions
{
    public const string Section = "CrmHub:Population";

    /// <summary>
    /// How many value buckets customers are spread over (by a stable hash of the id). More buckets spread the
    /// reports of busy periods; the pyramid grain pulls one summary per bucket. Changing it moves customers: a
    /// bucket ignores customers that no longer hash to it, so they count again once they re-report.
    /// </summary>
    public int Buckets { get; set; } = ValueBuckets.DefaultCount;
}
