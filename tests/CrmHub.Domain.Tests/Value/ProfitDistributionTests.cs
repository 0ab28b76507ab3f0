using CrmHub.Domain.Value;

namespace CrmHub.Domain.Tests.Value;

public class ProfitDistributionTests
{
    /// <summary>A customer's window figures: small profit and revenue pools so ties and non-buyers are common.</summary>
    internal static readonly Gen<RollingProfit> AnyCustomer =
        from profit in Gen.Choose(-20, 60)
        from revenue in Gen.Elements(0, 10, 50, 100, 700)
        select new RollingProfit(revenue, revenue - profit, 0m);

    /// <summary>A population split into up to five disjoint parts (some may be empty), and the whole.</summary>
    internal static readonly Gen<(RollingProfit[] Whole, RollingProfit[][] Parts)> SplitPopulation =
        from whole in AnyCustomer.ArrayOf()
        from partOf in Gen.Choose(0, 4).ArrayOf(whole.Length)
        select (whole, Enumerable.Range(0, 5).Select(part => whole.Where((_, index) => partOf[index] == part).ToArray()).ToArray());

    [Fact]
    public void A_summary_holds_one_level_per_distinct_profit_highest_first()
    {
        var summary = ProfitDistribution.Of([Build.Earned(5m, revenue: 20m), Build.Earned(-3m, revenue: 0m), Build.Earned(5m, revenue: 10m), Build.Earned(40m)]);

        summary.Levels.ToArray().ShouldBe(
        [
            new ProfitLevel(40m, Customers: 1, Buyers: 1, Revenue: 40m),
            new ProfitLevel(5m, Customers: 2, Buyers: 2, Revenue: 30m),
            new ProfitLevel(-3m, Customers: 1, Buyers: 0, Revenue: 0m),
        ]);
        summary.Customers.ShouldBe(4);
        summary.RankedCustomers.ShouldBe(3);
        summary.Buyers.ShouldBe(3);
        summary.Revenue.ShouldBe(70m);
    }

    [Fact]
    public void Profits_written_with_different_decimals_are_the_same_level() =>
        ProfitDistribution.Of([Build.Earned(1.0m), Build.Earned(1.00m)]).Levels.Single().Customers.ShouldBe(2);

    [Fact]
    public void A_summary_restored_from_levels_in_any_order_equals_the_original()
    {
        var original = Build.Population([3m, 1m, 3m, -2m, 0m]);

        ProfitDistribution.FromLevels(original.Levels.Reverse()).ShouldBe(original);
    }

    [Fact]
    public void Levels_without_customers_are_dropped() =>
        ProfitDistribution.FromLevels([new ProfitLevel(5m, 0, 0, 0m)]).ShouldBe(ProfitDistribution.Empty);

    [Fact]
    public void A_level_with_more_buyers_than_customers_is_rejected() =>
        Should.Throw<ArgumentException>(() => ProfitDistribution.FromLevels([new ProfitLevel(5m, 1, 2, 10m)]));

    [Fact]
    public void Adding_a_customer_gives_the_summary_of_the_population_with_that_customer() =>
        Build.Population([1m, 2m]).Add(Build.Earned(2m)).ShouldBe(Build.Population([2m, 1m, 2m]));

    [Fact]
    public void Merging_with_the_empty_summary_changes_nothing()
    {
        var population = Build.Population([7m, -1m]);

        population.Merge(ProfitDistribution.Empty).ShouldBe(population);
        ProfitDistribution.Empty.Merge(population).ShouldBe(population);
    }

    [Property]
    public Property The_merge_of_the_summaries_of_any_split_is_the_summary_of_the_whole() =>
        Prop.ForAll(SplitPopulation.ToArbitrary(), split =>
            ProfitDistribution.Merge(split.Parts.Select(ProfitDistribution.Of)).ShouldBe(ProfitDistribution.Of(split.Whole)));

    [Property]
    public Property Merging_is_commutative_and_associative() =>
        Prop.ForAll(SplitPopulation.ToArbitrary(), split =>
        {
            var (a, b, c) = (ProfitDistribution.Of(split.Parts[0]), ProfitDistribution.Of(split.Parts[1]), ProfitDistribution.Of(split.Parts[2]));

            a.Merge(b).ShouldBe(b.Merge(a));
            a.Merge(b).Merge(c).ShouldBe(a.Merge(b.Merge(c)));
        });
}
