using CrmHub.Abstractions.Customers;

namespace CrmHub.Domain.Customers;

/// <summary>The insights as the 360 view shows them (records that cross grain and wire boundaries).</summary>
public static class CustomerInsightsView
{
    /// <summary>Decimal places of the churn-risk score in the view (the score itself is exact).</summary>
    public const int ScoreDecimals = 4;

    extension(CustomerInsights insights)
    {
        public ReceivablesView ReceivablesView => new(insights.Receivables.Class, insights.Receivables.OldestOverdueDays);

        public ChurnRiskView ChurnRiskView => new(
            insights.ChurnRisk.State,
            Math.Round(insights.ChurnRisk.Score, ScoreDecimals),
            [.. insights.ChurnRisk.Signals.Select(signal => new ChurnSignalView(signal.Name, signal.Explanation))]);

        public ClvView ClvView => new(
            insights.Clv.Total,
            insights.Clv.PastValue,
            insights.Clv.ProjectedValue,
            insights.Clv.AverageAnnualMargin,
            insights.Clv.Retention,
            insights.Clv.DiscountRate,
            insights.Clv.HorizonYears);

        public KeyAccountView KeyAccountView => new(
            insights.KeyAccount.IsKeyAccount,
            insights.KeyAccount.ManagerId,
            insights.KeyAccount.Since,
            insights.KeyAccount.Sensitivity,
            insights.KeyAccount.RecommendedStrategies,
            insights.KeyAccount.Visits.CadenceDays,
            insights.KeyAccount.Visits.LastVisitAt,
            insights.KeyAccount.Visits.VisitOverdue);

        public SatisfactionView SatisfactionView => new(
            insights.Satisfaction.Latest,
            [.. insights.Satisfaction.Observations.Select(observation => new SatisfactionPoint(observation.Time, observation.Level))]);

        public ManView? ManView => insights.Man is { } man ? new(man.Money, man.Authority, man.Need, man.Verdict, man.Code) : null;
    }
}
