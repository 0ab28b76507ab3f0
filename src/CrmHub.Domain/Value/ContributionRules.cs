using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Value;

/// <summary>D1: the profit-contribution class, read off the D2 pyramid.</summary>
public static class ContributionRules
{
    /// <summary>
    /// D1: VIP = Platinum, Core = Gold, General = Iron or Lead with a profit above zero, NonProfitable = zero or
    /// negative rolling-window profit (whatever the tier). The brief names four classes against the pyramid's four
    /// tiers, but NonProfitable is about the sign of the profit, so Iron and profitable Lead customers share
    /// General; VIP and Core together are the key-account tiers of D5.
    /// </summary>
    public static ProfitContribution For(Tier tier, decimal profit) => (tier, profit) switch
    {
        (_, <= 0) => ProfitContribution.NonProfitable,
        (Tier.Platinum, _) => ProfitContribution.VIP,
        (Tier.Gold, _) => ProfitContribution.Core,
        _ => ProfitContribution.General,
    };

    /// <summary>D1: the profit-contribution class of a customer with this rolling-window profit under these cut-offs.</summary>
    public static ProfitContribution For(decimal profit, TierCutoffs cutoffs) => For(PyramidRules.TierFor(profit, cutoffs), profit);
}
