using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Value;

namespace CrmHub.Domain.Tests.Value;

public class PyramidRulesTests
{
    private static readonly ValueSettings Defaults = ValueSettings.Default;

    /// <summary>Profits 1, 2, …, n: every customer profitable, no ties.</summary>
    private static decimal[] Distinct(int n) => [.. Enumerable.Range(1, n).Select(profit => (decimal)profit)];

    private static TierCutoffs CutoffsOf(IEnumerable<decimal> profits, ValueSettings? settings = null) =>
        PyramidRules.Cutoffs(Build.Population(profits), Build.T0, version: 1, settings ?? Defaults);

    /// <summary>How many of these customers land in each tier, Platinum to Lead.</summary>
    private static long[] TierSizes(decimal[] profits, TierCutoffs cutoffs) =>
        [.. Enum.GetValues<Tier>().Select(tier => (long)profits.Count(profit => PyramidRules.TierFor(profit, cutoffs) == tier))];

    /// <summary>A population with many ties and some customers without profit, from 0 to 400 customers.</summary>
    private static readonly Gen<decimal[]> AnyProfits =
        from pool in Gen.Elements(3, 20, 250)
        from size in Gen.Choose(0, 400)
        from profits in Gen.Choose(-pool / 3, pool).ArrayOf(size)
        select profits.Select(profit => (decimal)profit).ToArray();

    /// <summary>Tier shares in whole percent adding up to at most 100%.</summary>
    private static readonly Gen<ValueSettings> AnyShares =
        from platinum in Gen.Choose(0, 30)
        from gold in Gen.Choose(0, 30)
        from iron in Gen.Choose(0, 40)
        select Defaults with { PlatinumShare = platinum / 100m, GoldShare = gold / 100m, IronShare = iron / 100m };

    [Theory]
    [InlineData(0, 0, 0, 0, 0)]
    [InlineData(1, 1, 0, 0, 0)]
    [InlineData(7, 1, 0, 0, 6)]
    [InlineData(10, 1, 0, 1, 8)]
    [InlineData(20, 1, 0, 3, 16)]
    [InlineData(30, 1, 1, 4, 24)]
    [InlineData(100, 1, 4, 15, 80)]
    [InlineData(150, 2, 6, 22, 120)]
    [InlineData(250, 3, 10, 37, 200)]
    [InlineData(1000, 10, 40, 150, 800)]
    public void Tier_counts_round_each_cumulative_share_half_up_and_give_platinum_at_least_one_customer(
        int ranked, long platinum, long gold, long iron, long lead)
    {
        // Cumulative: Platinum = round(1% × n) but at least 1, Platinum + Gold = round(5% × n), top three = round(20% × n).
        // 7: 0.07 → 1 (the minimum), 0.35 → 0, 1.4 → 1.   10: 0.5 → 1, 2.0 → 2.   20: 0.2 → 1, 1.0 → 1, 4.
        // 30: 0.3 → 1, 1.5 → 2, 6.   150: 1.5 → 2, 7.5 → 8, 30.   250: 2.5 → 3, 12.5 → 13, 50.
        PyramidRules.TargetCounts(ranked, Defaults).ShouldBe(new TierCounts(platinum, gold, iron, lead));

        // Without ties the tiers of a population of that many profitable customers hold exactly those counts.
        var profits = Distinct(ranked);
        TierSizes(profits, CutoffsOf(profits)).ShouldBe([platinum, gold, iron, lead]);
    }

    [Fact]
    public void A_platinum_share_of_zero_leaves_platinum_empty() =>
        PyramidRules.TargetCounts(100, Defaults with { PlatinumShare = 0m }).ShouldBe(new TierCounts(0, 4, 15, 81));

    [Fact]
    public void Each_cutoff_is_the_profit_of_the_last_customer_the_tier_admits() =>
        CutoffsOf(Distinct(100)).ShouldBe(new TierCutoffs(
            PlatinumMin: 100m, GoldMin: 96m, IronMin: 81m, Customers: 100, RankedCustomers: 100, Build.T0, Version: 1));

    [Fact]
    public void Customers_tied_with_the_last_one_admitted_join_the_higher_tier()
    {
        // 20 ranked: targets 1 Platinum, 0 Gold, 3 Iron. Two share the best profit, so both are Platinum.
        decimal[] profits = [100m, 100m, 90m, 80m, 80m, 70m, .. Distinct(14)];

        var cutoffs = CutoffsOf(profits);

        cutoffs.PlatinumMin.ShouldBe(100m);
        cutoffs.GoldMin.ShouldBeNull("Gold's one cumulative place went to the tie at 100");
        cutoffs.IronMin.ShouldBe(80m, "the 4th best is 80, and the other 80 comes along");
        TierSizes(profits, cutoffs).ShouldBe([2, 0, 3, 15]);
    }

    [Fact]
    public void A_tie_larger_than_a_tier_leaves_the_tier_below_empty()
    {
        // 100 ranked: 1 Platinum, 4 Gold, 15 Iron. Six share the best profit: all Platinum, none left for Gold.
        decimal[] profits = [.. Enumerable.Repeat(500m, 6), .. Distinct(94)];

        var cutoffs = CutoffsOf(profits);

        cutoffs.ShouldBe(new TierCutoffs(500m, null, 81m, 100, 100, Build.T0, 1));
        TierSizes(profits, cutoffs).ShouldBe([6, 0, 14, 80]);
    }

    [Fact]
    public void When_everyone_earns_the_same_everyone_is_platinum()
    {
        decimal[] profits = [.. Enumerable.Repeat(25m, 50)];

        TierSizes(profits, CutoffsOf(profits)).ShouldBe([50, 0, 0, 0]);
    }

    [Fact]
    public void Customers_without_profit_are_lead_and_do_not_count_towards_the_ranked_base()
    {
        decimal[] profits = [.. Distinct(100), .. Enumerable.Repeat(0m, 800), .. Enumerable.Repeat(-40m, 100)];

        var cutoffs = CutoffsOf(profits);

        cutoffs.ShouldBe(CutoffsOf(Distinct(100)) with { Customers = 1000 });
        TierSizes(profits, cutoffs).ShouldBe([1, 4, 15, 980]);
    }

    [Fact]
    public void Without_a_profitable_customer_every_tier_but_lead_is_empty()
    {
        var cutoffs = CutoffsOf([0m, -5m]);

        cutoffs.ShouldBe(new TierCutoffs(null, null, null, 2, 0, Build.T0, 1));
        PyramidRules.TierFor(1_000_000m, cutoffs).ShouldBe(Tier.Lead);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.01)]
    [InlineData(-1000)]
    public void Zero_or_negative_profit_is_always_lead(decimal profit) =>
        PyramidRules.TierFor(profit, new TierCutoffs(-10m, -20m, -30m, 3, 3, Build.T0, 1)).ShouldBe(Tier.Lead);

    [Theory]
    [InlineData(150, Tier.Platinum)]
    [InlineData(100, Tier.Platinum)]
    [InlineData(99.99, Tier.Gold)]
    [InlineData(96, Tier.Gold)]
    [InlineData(95.5, Tier.Iron)]
    [InlineData(81, Tier.Iron)]
    [InlineData(80.99, Tier.Lead)]
    public void A_profit_gets_the_highest_tier_whose_minimum_it_reaches(decimal profit, Tier tier) =>
        PyramidRules.TierFor(profit, CutoffsOf(Distinct(100))).ShouldBe(tier);

    [Fact]
    public void The_tier_shares_are_settings()
    {
        var halves = Defaults with { PlatinumShare = 0.10m, GoldShare = 0.20m, IronShare = 0.20m };

        TierSizes(Distinct(10), CutoffsOf(Distinct(10), halves)).ShouldBe([1, 2, 2, 5]);
    }

    [Fact]
    public void Tier_shares_adding_up_to_more_than_everyone_are_rejected() =>
        Should.Throw<ArgumentException>(() => PyramidRules.TargetCounts(10, Defaults with { IronShare = 0.96m }));

    [Fact]
    public void The_pareto_share_of_one_buyer_is_the_top_share_itself() =>
        PyramidRules.ParetoShare(Build.Population([10m]), 0.20m).ShouldBe(0.20m);

    [Fact]
    public void The_pareto_share_of_buyers_who_all_look_alike_is_the_top_share_itself() =>
        PyramidRules.ParetoShare(Build.Population(Enumerable.Repeat(30m, 9)), 0.20m).ShouldBe(0.20m);

    [Fact]
    public void The_pareto_share_takes_a_fraction_of_the_buyer_on_the_boundary()
    {
        // 7 buyers by profit 70, 60, …, 10 with revenue 700, then 100 each: total 1,300.
        // Top 20% = 1.4 buyers: 700 + 0.4 × 100 = 740; 740 / 1,300 = 0.5692…
        var population = ProfitDistribution.Of(
            [Build.Earned(70m, revenue: 700m), .. new[] { 60m, 50m, 40m, 30m, 20m, 10m }.Select(profit => Build.Earned(profit, revenue: 100m))]);

        PyramidRules.ParetoShare(population, 0.20m).ShouldBe(740m / 1300m);
    }

    [Fact]
    public void Buyers_tied_on_profit_at_the_pareto_boundary_share_their_revenue_evenly()
    {
        // 5 buyers: profit 50 (revenue 500), two at 30 (200 and 100), two at 10 (100 each): total 1,000.
        // Top 40% = 2 buyers: 500 + half of the tie's 300 = 650.
        var population = ProfitDistribution.Of(
            [Build.Earned(50m, 500m), Build.Earned(30m, 200m), Build.Earned(30m, 100m), Build.Earned(10m, 100m), Build.Earned(10m, 100m)]);

        PyramidRules.ParetoShare(population, 0.40m).ShouldBe(0.65m);
        PyramidRules.ParetoShare(population, 0.20m).ShouldBe(0.5m);
    }

    [Fact]
    public void The_pareto_share_ranks_by_profit_not_by_revenue()
    {
        // The biggest spender (revenue 900) earns least; the top 20% of 5 is the best earner, revenue 100 of 1,300.
        var population = ProfitDistribution.Of(
            [Build.Earned(50m, 100m), Build.Earned(40m, 100m), Build.Earned(30m, 100m), Build.Earned(20m, 100m), Build.Earned(10m, 900m)]);

        PyramidRules.ParetoShare(population, 0.20m).ShouldBe(100m / 1300m);
    }

    [Fact]
    public void Customers_who_did_not_buy_are_not_part_of_the_pareto_base()
    {
        // Two buyers and three customers with only refunds: the top 20% is 0.4 of the best buyer.
        var population = ProfitDistribution.Of(
            [Build.Earned(60m, 600m), Build.Earned(40m, 400m), Build.Earned(-5m, 0m), Build.Earned(-5m, 0m), Build.Earned(-9m, 0m)]);

        PyramidRules.ParetoShare(population, 0.20m).ShouldBe(0.24m, "0.4 × 600 / 1,000");
    }

    [Fact]
    public void Without_buyers_there_is_no_pareto_share() =>
        PyramidRules.ParetoShare(Build.Population([0m, -3m]), 0.20m).ShouldBeNull();

    [Fact]
    public void The_report_gives_count_lowest_profit_and_revenue_share_per_tier()
    {
        // Profits 1..20 with revenue equal to profit (total 210), plus two non-buyers at 0 and −5.
        // 20 ranked: Platinum {20}, Gold none, Iron {19, 18, 17}, Lead the other 16 and the two without profit.
        var report = PyramidRules.Report(Build.Population([.. Distinct(20), 0m, -5m]), Build.T0, version: 7, Defaults);

        report.Cutoffs.ShouldBe(new TierCutoffs(20m, null, 17m, 22, 20, Build.T0, 7));
        report.Revenue.ShouldBe(210m);
        report.Tiers.ToArray().ShouldBe(
        [
            new TierSummary(Tier.Platinum, 1, 20m, 20m, 20m / 210m),
            new TierSummary(Tier.Gold, 0, null, 0m, 0m),
            new TierSummary(Tier.Iron, 3, 17m, 54m, 54m / 210m),
            new TierSummary(Tier.Lead, 18, -5m, 136m, 136m / 210m),
        ]);
        report.ParetoShare.ShouldBe(74m / 210m, "the best 4 of 20 buyers: 20 + 19 + 18 + 17");
    }

    [Fact]
    public void The_report_of_an_empty_population_has_four_empty_tiers()
    {
        var report = PyramidRules.Report(ProfitDistribution.Empty, Build.T0, version: 1, Defaults);

        report.Tiers.Select(tier => tier.Tier).ShouldBe([Tier.Platinum, Tier.Gold, Tier.Iron, Tier.Lead]);
        report.Tiers.ShouldAllBe(tier => tier.Count == 0 && tier.MinProfit == null && tier.RevenueShare == 0m);
        report.ParetoShare.ShouldBeNull();
    }

    [Property]
    public Property Tier_counts_follow_the_shares_and_ties_only_ever_enlarge_the_higher_tier() =>
        Prop.ForAll(AnyProfits.ToArbitrary(), AnyShares.ToArbitrary(), (profits, settings) =>
        {
            var ranked = profits.Where(profit => profit > 0).OrderDescending().ToArray();
            var cutoffs = CutoffsOf(profits, settings);
            var target = PyramidRules.TargetCounts(ranked.Length, settings);
            long[] targetTop = [target.Platinum, target.Platinum + target.Gold, target.Platinum + target.Gold + target.Iron];
            decimal[] shareTop = [settings.PlatinumShare, settings.PlatinumShare + settings.GoldShare, settings.PlatinumShare + settings.GoldShare + settings.IronShare];

            for (var k = 0; k < 3; k++)
            {
                var exact = shareTop[k] * ranked.Length;
                (Math.Abs(targetTop[k] - exact) <= 0.5m || (targetTop[k] == 1 && exact < 0.5m))
                    .ShouldBeTrue($"top {k + 1} tiers: {targetTop[k]} for a share of {exact} customers");

                var inTop = ranked.Count(profit => (int)PyramidRules.TierFor(profit, cutoffs) <= k);
                inTop.ShouldBeGreaterThanOrEqualTo((int)targetTop[k]);
                ranked.Skip((int)targetTop[k]).Take(inTop - (int)targetTop[k])
                    .ShouldAllBe(profit => profit == ranked[(int)targetTop[k] - 1], "the extras are ties of the last one admitted");
            }
            profits.Where(profit => profit <= 0).ShouldAllBe(profit => PyramidRules.TierFor(profit, cutoffs) == Tier.Lead);
        });

    [Property]
    public Property More_profit_never_gives_a_lower_tier() =>
        Prop.ForAll(AnyProfits.ToArbitrary(), Gen.Choose(-100, 300).Two().ToArbitrary(), (profits, pair) =>
        {
            var cutoffs = CutoffsOf(profits);
            var (low, high) = (Math.Min(pair.Item1, pair.Item2), Math.Max(pair.Item1, pair.Item2));

            ((int)PyramidRules.TierFor(high, cutoffs)).ShouldBeLessThanOrEqualTo((int)PyramidRules.TierFor(low, cutoffs));
        });

    [Property]
    public Property Zero_or_negative_profit_is_lead_whatever_the_population() =>
        Prop.ForAll(AnyProfits.ToArbitrary(), Gen.Choose(-1000, 0).ToArbitrary(), (profits, profit) =>
            PyramidRules.TierFor(profit, CutoffsOf(profits)).ShouldBe(Tier.Lead));

    [Property]
    public Property Cutoffs_and_report_from_the_merge_of_any_split_equal_those_of_the_whole() =>
        Prop.ForAll(ProfitDistributionTests.SplitPopulation.ToArbitrary(), split =>
        {
            var merged = ProfitDistribution.Merge(split.Parts.Select(ProfitDistribution.Of));
            var whole = ProfitDistribution.Of(split.Whole);

            PyramidRules.Cutoffs(merged, Build.T0, 3, Defaults).ShouldBe(PyramidRules.Cutoffs(whole, Build.T0, 3, Defaults));
            var (fromMerge, fromWhole) = (PyramidRules.Report(merged, Build.T0, 3, Defaults), PyramidRules.Report(whole, Build.T0, 3, Defaults));
            fromMerge.Tiers.ToArray().ShouldBe(fromWhole.Tiers.ToArray());
            fromMerge.ParetoShare.ShouldBe(fromWhole.ParetoShare);
        });
}
