namespace CrmHub.Domain.KeyAccounts;

/// <summary>D5 key-account tunables (bound later from <c>CrmHub:Rules</c>).</summary>
/// <param name="EvaluationsBelowGoldToLeave">Consecutive evaluations below Gold after which an undesignated account leaves (hysteresis).</param>
/// <param name="DefaultManagerId">The agent who manages key accounts that have none, before falling back to the customer's owner.</param>
/// <param name="VisitCadenceDays">How often a key account must be visited unless the account sets its own cadence.</param>
/// <param name="LargeOrderAmount">The order amount from which the key-account manager is told of an order.</param>
public sealed record KeyAccountSettings(
    int EvaluationsBelowGoldToLeave,
    string? DefaultManagerId,
    int VisitCadenceDays,
    decimal LargeOrderAmount)
{
    /// <summary>
    /// D5 defaults: leave after 2 evaluations below Gold, no default manager, a visit every 30 days. The brief gives
    /// no large-order amount; 10,000 (in the order's currency) is our default.
    /// </summary>
    public static KeyAccountSettings Default { get; } = new(
        EvaluationsBelowGoldToLeave: 2,
        DefaultManagerId: null,
        VisitCadenceDays: 30,
        LargeOrderAmount: 10_000m);
}
