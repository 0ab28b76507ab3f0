using System.Globalization;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Abstractions.Population;
using CrmHub.Grains.Customers;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
using CrmHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Grains.Tests.Customers;

/// <summary>
/// A cluster of its own per test: customers report into the product's population, so the pyramid ranks exactly the
/// customers the test creates. Memory storage, four value buckets, default rules (no default key-account manager,
/// leave after two evaluations below Gold, large orders from 10,000), re-evaluations paced as given
/// (<see cref="ReevaluationPace"/>; then every re-evaluation is held a moment, so those that may overlap do) and counted
/// (<see cref="Reevaluations"/>).
/// </summary>
public sealed class KeyAccountCluster(ReevaluationPace? pace = null) : CrmCluster
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = SettingsWith(pace);

    public ConcurrentCalls Reevaluations { get; } =
        new(nameof(ICustomerGrain.Reevaluate), pace is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(200));

    public IPyramidGrain Pyramid => Grains.GetGrain<IPyramidGrain>(ValueBuckets.Customers);

    /// <summary>
    /// Recomputes the pyramid now, waits until the customers whose tier changed are re-evaluated (in the background), and
    /// loads the silo's cache.
    /// </summary>
    public async Task<TierCutoffsSnapshot> RefreshPyramid()
    {
        var report = await Pyramid.Refresh();
        await Eventually.True(async () => (await Pyramid.GetReport()).ReevaluationsPending == 0, "the moved customers should be re-evaluated");
        await Cluster.Silos[0].ServiceProvider.GetRequiredService<ITierCutoffsCache>().RefreshAsync();
        return report.Cutoffs;
    }

    /// <summary>A new customer with one purchase of <paramref name="amount"/> (its profit, as it has no cost).</summary>
    public async Task<TestCustomer> Buyer(decimal amount, string? owner = null)
    {
        var customer = new TestCustomer(Grains);
        if (owner is not null)
            await customer.Apply(customer.Profile(Build.At(0), "Star Ltd", owner));
        await customer.Apply(customer.Purchase(Build.At(1), amount));
        return customer;
    }

    /// <summary>What one agent's inbox holds about one customer, oldest first.</summary>
    public async Task<NotificationData[]> InboxAbout(string agentId, string customerId) =>
        [.. (await Agent(agentId).Resync(0)).Items.Select(item => item.Data).Where(data => data switch
        {
            TierChanged tier => tier.CustomerId == customerId,
            KeyAccountChanged change => change.CustomerId == customerId,
            KeyAccountEvent alert => alert.CustomerId == customerId,
            _ => false,
        })];

    protected override void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Crm);

    protected override void Configure(ISiloBuilder silo) => silo.AddIncomingGrainCallFilter(Reevaluations);

    /// <summary>Stops without waiting out the graceful shutdown: each test has a cluster of its own, thrown away after it.</summary>
    public override async ValueTask DisposeAsync()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Cluster.StopAllSilosAsync(shutdown.Token);
        await base.DisposeAsync();
    }

    private static Dictionary<string, string?> SettingsWith(ReevaluationPace? pace)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{PopulationOptions.Section}:{nameof(PopulationOptions.Buckets)}"] = 4.ToString(CultureInfo.InvariantCulture),
        };
        if (pace is { } given)
        {
            settings[$"{PopulationOptions.Section}:{nameof(PopulationOptions.ReevaluationsPerSecond)}"] = given.PerSecond.ToString(CultureInfo.InvariantCulture);
            settings[$"{PopulationOptions.Section}:{nameof(PopulationOptions.ReevaluationConcurrency)}"] = given.AtOnce.ToString(CultureInfo.InvariantCulture);
        }
        return settings;
    }

    public static async Task<KeyAccountCluster> StartAsync(ReevaluationPace? pace = null)
    {
        var cluster = new KeyAccountCluster(pace);
        await cluster.InitializeAsync();
        return cluster;
    }
}

/// <summary><c>CrmHub:Population:ReevaluationsPerSecond</c> and <c>ReevaluationConcurrency</c>.</summary>
public sealed record ReevaluationPace(double PerSecond, int AtOnce);

/// <summary>D5 key accounts by tier with hysteresis, and the live notifications about them.</summary>
public sealed class KeyAccountGrainTests
{
    /// <summary>
    /// 30 ranked customers: 1 Platinum, 1 Gold (5% of 30 rounds to 2 in the top two), 4 Iron. The star (5,000, owned by
    /// agent1) ranks second behind one at 10,000: Gold.
    /// </summary>
    private static async Task<TestCustomer> StarAmongThirty(KeyAccountCluster cluster)
    {
        for (var i = 1; i <= 28; i++)
            await cluster.Buyer(i * 10m);
        await cluster.Buyer(10_000m);
        return await cluster.Buyer(5_000m, owner: TestStaff.Agent1);
    }

    /// <summary>
    /// The star made a key account at Gold, then three bigger buyers: 33 ranked, 1 Platinum, 1 Gold, 5 Iron; the star
    /// is fifth: Iron, its first evaluation below Gold.
    /// </summary>
    private static async Task<TestCustomer> StarFallenToIron(KeyAccountCluster cluster)
    {
        var star = await StarAmongThirty(cluster);
        await cluster.RefreshPyramid();
        foreach (var amount in new[] { 20_000m, 30_000m, 40_000m })
            await cluster.Buyer(amount);
        await cluster.RefreshPyramid();
        return star;
    }

    [Fact]
    public async Task A_customer_whose_tier_becomes_gold_becomes_a_key_account_and_its_manager_and_the_supervisors_are_told()
    {
        await using var cluster = await KeyAccountCluster.StartAsync();
        var star = await StarAmongThirty(cluster);

        await cluster.RefreshPyramid();

        var entered = new KeyAccountChanged(star.Id, true, Tier.Lead, Tier.Gold, TestStaff.Agent1, "ReachedGold");
        (await cluster.InboxAbout(TestStaff.Supervisor, star.Id)).ShouldBe([entered]);
        (await cluster.InboxAbout(TestStaff.Agent1, star.Id)).ShouldBe(
            [new TierChanged(star.Id, "Star Ltd", Tier.Lead, Tier.Gold), entered], ignoreOrder: true);
        var view = (await star.Grain.GetView()).ShouldNotBeNull();
        view.KeyAccount.IsKeyAccount.ShouldBeTrue();
        view.KeyAccount.ManagerId.ShouldBe(TestStaff.Agent1, "no default manager is configured, so the owner manages it");
        view.KeyAccount.Since.ShouldNotBeNull();
    }

    /// <summary>Thirty ranked customers refreshed once under the pace: everyone was Lead, six moved (1 Platinum, 1 Gold, 4 Iron).</summary>
    private static async Task<KeyAccountCluster> SixMovedUnder(ReevaluationPace pace)
    {
        var cluster = await KeyAccountCluster.StartAsync(pace);
        await StarAmongThirty(cluster);
        await cluster.RefreshPyramid();
        cluster.Reevaluations.Calls.ShouldBe(6, "every customer whose tier moved is re-evaluated");
        return cluster;
    }

    [Fact]
    public async Task A_cut_off_change_re_evaluates_every_customer_whose_tier_moved_but_never_more_than_the_configured_few_at_once()
    {
        await using var cluster = await SixMovedUnder(new ReevaluationPace(PerSecond: 1_000, AtOnce: 2));

        cluster.Reevaluations.MostAtOnce.ShouldBe(2);
    }

    [Fact]
    public async Task A_cut_off_change_re_evaluates_the_customers_it_moved_at_the_configured_pace_so_live_events_are_not_held_up()
    {
        await using var cluster = await SixMovedUnder(new ReevaluationPace(PerSecond: 20, AtOnce: 4));

        // Six at 20 a second: the last starts a quarter of a second after the first (less a little for dispatch).
        cluster.Reevaluations.StartsSpread.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task The_pyramid_answers_at_once_and_counts_down_the_customers_a_refresh_moved_while_they_are_re_evaluated_in_the_background()
    {
        await using var cluster = await KeyAccountCluster.StartAsync(new ReevaluationPace(PerSecond: 2, AtOnce: 1));
        await StarAmongThirty(cluster);

        // Six re-evaluations at two a second take three seconds; the refresh does not wait for them.
        var refreshed = await cluster.Pyramid.Refresh().WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        refreshed.Cutoffs.Version.ShouldBe(1);
        refreshed.ReevaluationsPending.ShouldBe(6);
        await Eventually.True(() => cluster.Reevaluations.Calls >= 2, "the first re-evaluation should be done and the second started");
        var meanwhile = await cluster.Pyramid.GetReport().WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        meanwhile.ReevaluationsPending.ShouldBeInRange(1, 5);
        (await cluster.Pyramid.GetCutoffs().WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken)).ShouldBe(refreshed.Cutoffs);
        await Eventually.True(async () => (await cluster.Pyramid.GetReport()).ReevaluationsPending == 0, "every moved customer is re-evaluated");
        cluster.Reevaluations.Calls.ShouldBe(6);
    }

    [Fact]
    public async Task A_key_account_leaves_only_on_the_second_consecutive_evaluation_below_gold_and_nothing_is_sent_twice()
    {
        await using var cluster = await KeyAccountCluster.StartAsync();
        var star = await StarFallenToIron(cluster);

        (await star.Grain.GetView()).ShouldNotBeNull().KeyAccount.IsKeyAccount.ShouldBeTrue("one evaluation below Gold keeps it");
        (await cluster.InboxAbout(TestStaff.Supervisor, star.Id)).OfType<KeyAccountChanged>().Count().ShouldBe(1);

        // Four more: 37 ranked, 7 in Iron and above; the star is ninth: Lead, the second evaluation below Gold in a row.
        foreach (var amount in new[] { 6_000m, 7_000m, 8_000m, 9_000m })
            await cluster.Buyer(amount);
        var latest = await cluster.RefreshPyramid();

        var left = new KeyAccountChanged(star.Id, false, Tier.Iron, Tier.Lead, TestStaff.Agent1, "BelowGold");
        (await cluster.InboxAbout(TestStaff.Supervisor, star.Id)).OfType<KeyAccountChanged>().Last().ShouldBe(left);
        (await star.Grain.GetView()).ShouldNotBeNull().KeyAccount.ShouldSatisfyAllConditions(
            keyAccount => keyAccount.IsKeyAccount.ShouldBeFalse(),
            keyAccount => keyAccount.ManagerId.ShouldBeNull());
        var ownerInbox = await cluster.InboxAbout(TestStaff.Agent1, star.Id);
        ownerInbox.OfType<TierChanged>().Select(change => (change.PreviousTier, change.Tier))
            .ShouldBe([(Tier.Lead, Tier.Gold), (Tier.Gold, Tier.Iron), (Tier.Iron, Tier.Lead)]);
        ownerInbox.OfType<KeyAccountChanged>().Last().ShouldBe(left);

        // The same version again (the pyramid refreshing with no change, or a repeated re-evaluation) sends nothing.
        await star.Grain.Reevaluate(latest);
        await cluster.RefreshPyramid();
        (await cluster.InboxAbout(TestStaff.Agent1, star.Id)).Length.ShouldBe(ownerInbox.Length);
    }

    [Fact]
    public async Task A_large_order_and_a_complaint_of_a_key_account_are_sent_to_its_manager_once()
    {
        await using var cluster = await KeyAccountCluster.StartAsync();
        var star = await StarAmongThirty(cluster);
        await cluster.RefreshPyramid();

        var order = star.Purchase(Build.At(5), 10_000m, "O-big");
        var complaint = star.Complaint(Build.At(6), "CMP-ka", "Broken parts");
        await star.Apply(star.Purchase(Build.At(4), 9_999.99m, "O-small"), order, complaint);
        await star.Apply(order, complaint);

        (await cluster.InboxAbout(TestStaff.Agent1, star.Id)).OfType<KeyAccountEvent>()
            .Select(alert => (alert.ManagerId, alert.Trigger))
            .ShouldBe([(TestStaff.Agent1, KeyAccountTrigger.LargeOrder), (TestStaff.Agent1, KeyAccountTrigger.Complaint)], ignoreOrder: true);
        (await cluster.InboxAbout(TestStaff.Supervisor, star.Id)).OfType<KeyAccountEvent>().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_customer_who_is_not_a_key_account_sends_no_key_account_event()
    {
        await using var cluster = await KeyAccountCluster.StartAsync();
        var customer = await cluster.Buyer(10m, owner: TestStaff.Agent2);

        await customer.Apply(customer.Purchase(Build.At(5), 50_000m, "O-big"), customer.Complaint(Build.At(6), "CMP-plain"));

        (await cluster.InboxAbout(TestStaff.Agent2, customer.Id)).OfType<KeyAccountEvent>().ShouldBeEmpty();
    }

    /// <summary>A customer a manager (agent2) designated a key account at the start, visited every <paramref name="visitCadenceDays"/> days.</summary>
    private static async Task<TestCustomer> Designated(KeyAccountCluster cluster, int visitCadenceDays)
    {
        var customer = new TestCustomer(cluster.Grains);
        await customer.Apply(customer.Event(Build.At(0), new KeyAccountDesignated(true, TestStaff.Agent2, null, visitCadenceDays, null)));
        return customer;
    }

    private static Task InsightsTick(TestCustomer customer) =>
        customer.Grain.AsReference<IRemindable>().ReceiveReminder(CustomerGrain.InsightsReminder, default);

    private static async Task<KeyAccountTrigger[]> TriggersSent(KeyAccountCluster cluster, TestCustomer customer) =>
        [.. (await cluster.InboxAbout(TestStaff.Agent2, customer.Id)).OfType<KeyAccountEvent>().Select(alert => alert.Trigger)];

    [Fact]
    public async Task A_key_account_s_manager_is_told_when_receivables_worsen_and_when_a_visit_falls_overdue_with_no_new_event_once_each()
    {
        await using var cluster = await KeyAccountCluster.StartAsync();
        var account = await Designated(cluster, visitCadenceDays: 20);
        await account.Apply(account.Event(Build.At(1), new InvoiceIssued("INV-1", 500m, CrmCluster.Start.AddDays(5))));

        cluster.Clock.SetUtcNow(CrmCluster.Start.AddDays(6));
        await InsightsTick(account);
        (await TriggersSent(cluster, account)).ShouldBe([KeyAccountTrigger.ReceivablesWorsened], "the invoice is overdue, the visit not yet");

        cluster.Clock.SetUtcNow(CrmCluster.Start.AddDays(21));
        await InsightsTick(account);
        await InsightsTick(account);
        (await TriggersSent(cluster, account)).ShouldBe([KeyAccountTrigger.ReceivablesWorsened, KeyAccountTrigger.VisitOverdue]);
    }

    [Fact]
    public async Task A_key_account_s_manager_is_told_once_when_its_churn_risk_rises_as_the_silence_grows()
    {
        await using var cluster = await KeyAccountCluster.StartAsync();
        var account = await Designated(cluster, visitCadenceDays: 365);
        foreach (var day in new[] { 0, 10, 20 })
            await account.Apply(account.Purchase(CrmCluster.Start.AddDays(day).AddMinutes(5), 100m));

        cluster.Clock.SetUtcNow(CrmCluster.Start.AddDays(25));
        await InsightsTick(account);
        (await TriggersSent(cluster, account)).ShouldBeEmpty("five quiet days after buying every ten is no risk");

        // A silence three times the usual gap of ten days alone reaches the warning score.
        cluster.Clock.SetUtcNow(CrmCluster.Start.AddDays(51));
        await InsightsTick(account);
        await InsightsTick(account);
        (await TriggersSent(cluster, account)).ShouldBe([KeyAccountTrigger.ChurnRiskRose]);
        (await account.View()).ChurnRisk.State.ShouldBe(ChurnState.Warning);
    }

    [Fact]
    public async Task A_key_account_whose_tier_stays_below_gold_leaves_on_the_next_cut_off_version_without_an_event_of_its_own()
    {
        await using var cluster = await KeyAccountCluster.StartAsync();
        var star = await StarFallenToIron(cluster);
        (await star.Grain.GetView()).ShouldNotBeNull().KeyAccount.IsKeyAccount.ShouldBeTrue();

        // A buyer of 1,000 moves the Iron minimum (a new cut-off version) but not the star, who stays Iron.
        await cluster.Buyer(1_000m);
        await cluster.RefreshPyramid();

        (await star.Grain.GetView()).ShouldNotBeNull().KeyAccount.IsKeyAccount.ShouldBeFalse("the second consecutive evaluation below Gold");
        (await cluster.InboxAbout(TestStaff.Supervisor, star.Id)).OfType<KeyAccountChanged>().Last()
            .ShouldBe(new KeyAccountChanged(star.Id, false, Tier.Iron, Tier.Iron, TestStaff.Agent1, "BelowGold"));
    }
}
