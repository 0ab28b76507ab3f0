using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Value;

namespace CrmHub.Domain.Tests.Value;

public class ContributionRulesTests
{
    [Theory]
    [InlineData(Tier.Platinum, ProfitContribution.VIP)]
    [InlineData(Tier.Gold, ProfitContribution.Core)]
    [InlineData(Tier.Iron, ProfitContribution.General)]
    [InlineData(Tier.Lead, ProfitContribution.General)]
    public void A_profitable_customer_takes_the_class_of_its_tier(Tier tier, ProfitContribution contribution) =>
        ContributionRules.For(tier, 0.01m).ShouldBe(contribution);

    [Theory]
    [InlineData(Tier.Platinum, 0)]
    [InlineData(Tier.Gold, -1)]
    [InlineData(Tier.Lead, 0)]
    [InlineData(Tier.Lead, -250)]
    public void A_customer_with_zero_or_negative_profit_is_non_profitable_whatever_its_tier(Tier tier, decimal profit) =>
        ContributionRules.For(tier, profit).ShouldBe(ProfitContribution.NonProfitable);

    [Theory]
    [InlineData(100, ProfitContribution.VIP)]
    [InlineData(97, ProfitContribution.Core)]
    [InlineData(85, ProfitContribution.General)]
    [InlineData(3, ProfitContribution.General)]
    [InlineData(0, ProfitContribution.NonProfitable)]
    [InlineData(-3, ProfitContribution.NonProfitable)]
    public void The_class_of_a_profit_follows_the_pyramid_cutoffs(decimal profit, ProfitContribution contribution)
    {
        // Profits 1..100: Platinum from 100, Gold from 96, Iron from 81.
        var cutoffs = PyramidRules.Cutoffs(Build.Population(Enumerable.Range(1, 100).Select(p => (decimal)p)), Build.T0, 1, ValueSettings.Default);

        ContributionRules.For(profit, cutoffs).ShouldBe(contribution);
    }
}
