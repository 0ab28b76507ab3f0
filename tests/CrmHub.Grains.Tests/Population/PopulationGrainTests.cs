using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Customers;
using CrmHub.Domain.Experience;
using CrmHub.Domain.Lifecycle;
using CrmHub.Domain.Value;
using CrmHub.Grains.Population;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Population;

/// <summary>D2/D3 population figures from value buckets: merging, replacing, versioning, tier changes, persistence.</summary>
[Collection(PopulationCluster.Collection)]
public sealed class PopulationGrainTests(PopulationCluster cluster)
{
    private readonly string _population = PopulationCluster.NewPopulation();

    private static CustomerValueSnapshot Snapshot(
        decimal revenue, decimal cost = 0m, decimal refunds = 0m, decimal past = 0m, decimal projected = 0m, double minutes = 0) =>
        new(revenue, cost, refunds, past, projected, Build.At(minutes));

    [Fact]
    public async Task Reports_from_customers_in_different_buckets_merge_into_the_cut_offs_and_report_of_the_whole_population()
    {
        // 120 customers: profits 1..100 with every tenth one tied to its neighbour, a few without revenue or at a loss.
        var customers = Enumerable.Range(1, 120)
            .Select(i => (Id: $"c{i}", Snapshot: i switch
            {
                > 110 => Snapshot(revenue: 0m, refunds: i - 110),
                > 100 => Snapshot(revenue: 50m, cost: 50m),
                _ when i % 10 == 0 => Snapshot(revenue: i + 10m, cost: 11m, past: i, projected: i / 2m),
                _ => Snapshot(revenue: i * 3m, cost: i * 2m, past: i, projected: i / 2m),
            }))
            .ToList();
        customers.Select(customer => ValueBuckets.For(customer.Id, PopulationCluster.Buckets)).Distinct().Count()
            .ShouldBe(PopulationCluster.Buckets, "the customers should spread over every bucket");
        foreach (var (id, snapshot) in customers)
            await cluster.Report(_population, id, snapshot);

        var report = await cluster.Pyramid(_population).Refresh();

        var whole = ProfitDistribution.Of(customers.Select(customer => customer.Snapshot.ToRollingProfit()));
        var expected = PyramidRules.Report(whole, report.ComputedAt, report.Cutoffs.Version, PopulationCluster.ValueSettings);
        report.Cutoffs.ShouldBe(expected.Cutoffs.ToSnapshot());
        report.Tiers.Select(tier => (tier.Tier, tier.Count, tier.MinProfit, tier.Revenue, tier.RevenueShare))
            .ShouldBe(expected.Tiers.Select(tier => (tier.Tier, tier.Count, tier.MinProfit, tier.Revenue, tier.RevenueShare)));
        // 100 ranked customers: 1, 4 and 15 places, but the top two tie at 99 and the tie goes up (so does 89's, in Iron).
        report.Tiers.Select(tier => tier.Count).ShouldBe([2L, 3L, 15L, 100L]);
        report.ParetoShare.ShouldBe(expected.ParetoShare);
        report.Revenue.ShouldBe(whole.Revenue);
        report.Equity.ShouldBe(new EquitySummary(120, 5050m, 2525m));
    }

    [Fact]
    public async Task A_re_report_replaces_the_customers_snapshot_and_an_older_one_is_ignored()
    {
        await cluster.Report(_population, "c1", Snapshot(revenue: 100m, cost: 40m, past: 60m, minutes: 0));
        await cluster.Report(_population, "c1", Snapshot(revenue: 300m, cost: 100m, past: 200m, minutes: 10));
        await cluster.Report(_population, "c1", Snapshot(revenue: 999m, minutes: 5));

        var summary = await cluster.Grains.BucketOf("c1", PopulationCluster.Buckets, _population).GetSummary();

        summary.Levels.ShouldBe([new ProfitLevelSummary(200m, 1, 1, 300m)]);
        summary.Equity.ShouldBe(new EquitySummary(1, 200m, 0m));
    }

    [Fact]
    public async Task A_report_to_a_bucket_the_customer_does_not_hash_to_is_refused()
    {
        var wrong = (ValueBuckets.For("c1", PopulationCluster.Buckets) + 1) % PopulationCluster.Buckets;

        await Should.ThrowAsync<ArgumentException>(() => cluster.Bucket(_population, wrong).Report("c1", Snapshot(revenue: 10m)));
    }

    [Fact]
    public async Task The_cut_off_version_rises_only_when_a_tier_minimum_changes()
    {
        var pyramid = cluster.Pyramid(_population);
        (await pyramid.Refresh()).Cutoffs.Version.ShouldBe(0, "an empty population keeps the empty cut-offs");

        await cluster.Report(_population, "best", Snapshot(revenue: 100m));
        var first = (await pyramid.Refresh()).Cutoffs;
        first.Version.ShouldBe(1);
        first.PlatinumMin.ShouldBe(100m);

        (await pyramid.Refresh()).Cutoffs.Version.ShouldBe(1, "nothing changed");
        await cluster.Report(_population, "second", Snapshot(revenue: 50m));
        var same = (await pyramid.Refresh()).Cutoffs;
        same.Version.ShouldBe(1, "two ranked customers still have one Platinum at 100 and no other tier");
        same.Customers.ShouldBe(2);

        await cluster.Report(_population, "new-best", Snapshot(revenue: 200m));
        var changed = (await pyramid.Refresh()).Cutoffs;
        changed.Version.ShouldBe(2);
        changed.PlatinumMin.ShouldBe(200m);
        (await pyramid.GetCutoffs()).ShouldBe(changed);
    }

    [Fact]
    public async Task Tier_changes_list_exactly_the_customers_whose_tier_moved()
    {
        var previous = new TierCutoffsSnapshot(100m, 50m, 10m, 6, 5, Build.At(0), 1);
        var current = new TierCutoffsSnapshot(200m, 50m, 5m, 6, 5, Build.At(1), 2);
        (string Id, decimal Profit)[] customers = [("a", 150m), ("b", 250m), ("c", 60m), ("d", 7m), ("e", 3m), ("f", -5m)];
        foreach (var (id, profit) in customers)
            await cluster.Report(_population, id, Snapshot(revenue: profit + 5m, cost: 5m));

        var changes = await Task.WhenAll(cluster.AllBuckets(_population).Select(bucket => bucket.TierChanges(previous, current)));

        changes.SelectMany(bucket => bucket).OrderBy(change => change.CustomerId).ShouldBe(
        [
            new TierChange("a", Tier.Platinum, Tier.Gold),
            new TierChange("d", Tier.Lead, Tier.Iron),
        ]);
    }

    [Fact]
    public async Task Tier_changes_also_list_the_key_accounts_below_gold_whose_tier_did_not_move()
    {
        var previous = new TierCutoffsSnapshot(100m, 50m, 10m, 3, 3, Build.At(0), 1);
        var current = previous with { IronMin = 15m, Version = 2 };
        await cluster.Report(_population, "gold-key", Snapshot(revenue: 60m) with { IsKeyAccount = true });
        await cluster.Report(_population, "iron-key", Snapshot(revenue: 20m) with { IsKeyAccount = true });
        await cluster.Report(_population, "iron-plain", Snapshot(revenue: 20m));

        var changes = await Task.WhenAll(cluster.AllBuckets(_population).Select(bucket => bucket.TierChanges(previous, current)));

        changes.SelectMany(bucket => bucket).ShouldBe([new TierChange("iron-key", Tier.Iron, Tier.Iron)]);
    }

    [Fact]
    public async Task Retention_over_a_period_adds_up_the_customers_of_every_bucket()
    {
        DateTimeOffset Day(int day) => Build.At(0).AddDays(day);
        // Churned after 180 silent days (the default). The period is days 200 to 230.
        (string Id, int[] Days)[] customers =
        [
            ("loyal", [190, 215]),  // in the relationship, still buying: retained
            ("lost", [40]),         // dormant at the start, 190 silent days at the end: churned
            ("gone", [0]),          // churned before the period: not counted
            ("back", [0, 210]),     // returns after 210 days: a win-back, retained
        ];
        foreach (var (id, days) in customers)
            await cluster.Report(_population, id, Snapshot(revenue: 10m) with { PurchaseTimes = [.. days.Select(Day)] });

        var counts = await Task.WhenAll(cluster.AllBuckets(_population).Select(bucket => bucket.Retention(Day(200), Day(230))));

        RetentionSummary.MergeAll(counts.Select(count => count.ToSummary())).ShouldBe(new RetentionSummary(Customers: 3, Churned: 1, WinBacks: 1));
    }

    [Fact]
    public async Task Satisfaction_counts_the_surveys_rating_the_given_agents_or_all_of_them()
    {
        await cluster.Report(_population, "c1", Snapshot(revenue: 10m) with
        {
            Surveys =
            [
                new SurveyScore("agent-x", SatisfactionLevel.Advocate, new ServqualScores(5, null, null, null, null)),
                new SurveyScore("agent-y", SatisfactionLevel.Dissatisfied, new ServqualScores(1, null, null, null, null)),
            ],
        });
        await cluster.Report(_population, "c2", Snapshot(revenue: 10m) with
        {
            Surveys = [new SurveyScore("agent-x", SatisfactionLevel.Satisfied, new ServqualScores(3, 4, null, null, null))],
        });

        async Task<SatisfactionSummary> Of(params string[] agents) =>
            (await Task.WhenAll(cluster.AllBuckets(_population).Select(bucket => bucket.Satisfaction([.. agents]))))
                .Aggregate(SatisfactionSummary.Empty, (total, counts) => total.Merge(counts.ToSummary()));

        var agentX = await Of("agent-x");
        agentX.Surveys.ShouldBe(2);
        agentX.Distribution[SatisfactionLevel.Advocate].ShouldBe(1);
        agentX.Distribution[SatisfactionLevel.Satisfied].ShouldBe(1);
        agentX.Distribution[SatisfactionLevel.Dissatisfied].ShouldBe(0);
        agentX.AverageOf(ServqualDimension.Tangibles).ShouldBe(4.0, "(5 + 3) / 2");
        agentX.AverageOf(ServqualDimension.Empathy).ShouldBe(4.0);
        agentX.AverageOf(ServqualDimension.Reliability).ShouldBeNull();
        (await Of()).Surveys.ShouldBe(3);
    }

    [Fact]
    public async Task Bucket_snapshots_and_the_last_cut_offs_survive_deactivation()
    {
        await cluster.Report(_population, "c1", Snapshot(revenue: 80m, cost: 30m, past: 50m, projected: 20m));
        var bucket = cluster.Grains.BucketOf("c1", PopulationCluster.Buckets, _population);
        var pyramid = cluster.Pyramid(_population);
        var cutoffs = (await pyramid.Refresh()).Cutoffs;

        await cluster.Deactivate(bucket);
        await cluster.Deactivate(pyramid);

        var summary = await bucket.GetSummary();
        summary.Levels.ShouldBe([new ProfitLevelSummary(50m, 1, 1, 80m)]);
        summary.Equity.ShouldBe(new EquitySummary(1, 50m, 20m));
        (await pyramid.GetCutoffs()).ShouldBe(cutoffs);
    }

    [Fact]
    public async Task The_pyramid_recomputes_on_its_own_every_refresh_period()
    {
        var pyramid = cluster.Pyramid(_population);
        (await pyramid.GetReport()).Cutoffs.Version.ShouldBe(0);
        await cluster.Report(_population, "c1", Snapshot(revenue: 10m));

        cluster.Clock.Advance(PopulationCluster.RefreshPeriod);

        await Eventually.True(async () => (await pyramid.GetCutoffs()).Version == 1, "the timer should have refreshed the cut-offs");
        (await pyramid.GetReport()).Tiers.Single(tier => tier.Tier == Tier.Platinum).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_customer_reports_its_rolling_profit_and_clv_as_computed_by_the_domain_rules()
    {
        var asOf = Build.At(0);
        var profit = new RollingProfit(Revenue: 500m, Cost: 200m, Refunds: 50m);
        var clv = ClvRules.Clv([new PurchaseFact("e1", "O-1", asOf.AddDays(-30), 500m, 200m)], [], 0.8m, asOf, PopulationCluster.ValueSettings);

        await cluster.Report(_population, "c1", PopulationMapping.SnapshotOf(profit, clv, asOf));

        var summary = await cluster.Grains.BucketOf("c1", PopulationCluster.Buckets, _population).GetSummary();
        summary.Levels.ShouldBe([new ProfitLevelSummary(250m, 1, 1, 500m)]);
        summary.Equity.ShouldBe(new EquitySummary(1, clv.PastValue, clv.ProjectedValue));
    }

    [Fact]
    public void A_customers_bucket_is_a_stable_hash_of_its_id()
    {
        // FNV-1a (32 bit) of "a" is 0xE40C292C = 3,826,002,220: the same in every process, on every silo.
        ValueBuckets.For("a", int.MaxValue).ShouldBe((int)(3_826_002_220L % int.MaxValue));
        ValueBuckets.For("a", 16).ShouldBe(12);
        Enumerable.Range(0, 1000).Select(i => ValueBuckets.For($"cust-{i}", 16)).ShouldAllBe(bucket => bucket >= 0 && bucket < 16);
    }
}

/// <summary>D2: the silo's tier cut-offs cache follows the pyramid grain.</summary>
[Collection(PopulationCluster.Collection)]
public sealed class TierCutoffsCacheTests(PopulationCluster cluster)
{
    [Fact]
    public async Task The_cache_serves_the_latest_cut_offs_after_a_refresh_and_reloads_once_its_copy_is_a_period_old()
    {
        var cache = cluster.Cache;
        var pyramid = cluster.Pyramid(ValueBuckets.Customers);
        var best = Build.Key("cust");
        await cluster.Report(ValueBuckets.Customers, best, new CustomerValueSnapshot(100m, 0m, 0m, 0m, 0m, Build.At(0)));
        var first = (await pyramid.Refresh()).Cutoffs;

        (await cache.RefreshAsync()).ShouldBe(first.ToTierCutoffs());
        cache.Current.ShouldBe(first.ToTierCutoffs());
        (await cache.GetAsync()).ShouldBe(first.ToTierCutoffs());
        PyramidRules.TierFor(100m, cache.Current).ShouldBe(Tier.Platinum);

        await cluster.Report(ValueBuckets.Customers, Build.Key("cust"), new CustomerValueSnapshot(300m, 0m, 0m, 0m, 0m, Build.At(0)));
        var second = (await pyramid.Refresh()).Cutoffs;
        second.Version.ShouldBeGreaterThan(first.Version);
        cache.Current.Version.ShouldBe(first.Version, "the copy is younger than a refresh period");

        cluster.Clock.Advance(PopulationCluster.RefreshPeriod);

        await Eventually.True(() => cache.Current.Version >= second.Version, "a read of a stale copy should reload it");
        PyramidRules.TierFor(100m, cache.Current).ShouldNotBe(Tier.Platinum);
    }

    [Fact]
    public void Before_any_cut_offs_everyone_is_lead()
    {
        var none = TierCutoffsSnapshot.None.ToTierCutoffs();

        PyramidRules.TierFor(1_000_000m, none).ShouldBe(Tier.Lead);
        PyramidRules.TierFor(0m, none).ShouldBe(Tier.Lead);
    }
}
