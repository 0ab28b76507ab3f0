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

    /// <summary>
    /// How many customers are re-evaluated per second, at most, after the tier cut-offs changed. A refresh that moves
    /// hundreds of customers between tiers would otherwise put hundreds of writes and console notifications in front of
    /// the events arriving meanwhile; paced, the live alerts keep their pace and the re-evaluations take a few seconds.
    /// </summary>
    public double ReevaluationsPerSecond { get; set; } = 100;

    /// <summary>How many of those re-evaluations may run at once (when the machine is slower than the pace).</summary>
    public int ReevaluationConcurrency { get; set; } = 4;
}
