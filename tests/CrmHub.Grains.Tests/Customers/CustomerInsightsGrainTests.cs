using System.Text.Json;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Value;
using CrmHub.Grains.Customers;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Customers;

/// <summary>
/// Memory storage and a clock of its own: these tests move the clock by months, which would age the customers of
/// tests sharing another cluster.
/// </summary>
public sealed class InsightsCluster : CrmCluster
{
    public const string Collection = "insights cluster";

    protected override void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Crm);

    /// <summary>The insights reminder of a customer as the silo's reminder table holds it, or null.</summary>
    public Task<ReminderEntry?> InsightsReminderOf(ICustomerGrain customer) => ReminderOf(customer, CustomerGrain.InsightsReminder);
}

[CollectionDefinition(InsightsCluster.Collection)]
public sealed class InsightsClusterCollection : ICollectionFixture<InsightsCluster>;

/// <summary>The 360 view's CRM insights, computed by the customer grain as of its clock.</summary>
[Collection(InsightsCluster.Collection)]
public sealed class CustomerInsightsGrainTests(InsightsCluster cluster)
{
    private readonly TestCustomer _customer = new(cluster.Grains);

    private DateTimeOffset Now => cluster.Clock.GetUtcNow();

    private DateTimeOffset InDays(double days) => Now.AddDays(days);

    private InteractionEvent Invoice(string invoiceId, decimal amount, DateTimeOffset dueAt) =>
        _customer.Event(Now, new InvoiceIssued(invoiceId, amount, dueAt));

    [Fact]
    public async Task A_customer_who_stops_buying_is_active_then_dormant_at_day_91_then_churned_at_day_181_with_no_new_event()
    {
        var boughtAt = Now;
        await _customer.Apply(_customer.Purchase(boughtAt, 100m));
        var active = await _customer.View();
        active.Behaviour.ShouldBe(Behaviour.Active);
        active.LifecycleStage.ShouldBe(LifecycleStage.FirstTime);

        cluster.Clock.SetUtcNow(boughtAt.AddDays(90));
        (await _customer.View()).Behaviour.ShouldBe(Behaviour.Active, "exactly 90 days is still Active");

        cluster.Clock.SetUtcNow(boughtAt.AddDays(91));
        var dormant = await _customer.View();
        dormant.Behaviour.ShouldBe(Behaviour.Dormant);
        dormant.LifecycleStage.ShouldBe(LifecycleStage.FirstTime);

        cluster.Clock.SetUtcNow(boughtAt.AddDays(181));
        var churned = await _customer.View();
        churned.Behaviour.ShouldBe(Behaviour.Churned);
        churned.LifecycleStage.ShouldBe(LifecycleStage.Churned);
        churned.ChurnRisk.State.ShouldBe(ChurnState.Departed);
    }

    [Fact]
    public async Task A_receivable_ages_from_short_term_to_long_term_and_an_invoice_paid_is_none()
    {
        var dueAt = InDays(10);
        await _customer.Apply(Invoice("INV-1", 250m, dueAt));
        (await _customer.View()).Receivables.ShouldBe(new ReceivablesView(ReceivablesClass.None, null));

        cluster.Clock.SetUtcNow(dueAt.AddDays(10));
        (await _customer.View()).Receivables.ShouldBe(new ReceivablesView(ReceivablesClass.ShortTerm, 10));

        cluster.Clock.SetUtcNow(dueAt.AddDays(91));
        (await _customer.View()).Receivables.ShouldBe(new ReceivablesView(ReceivablesClass.LongTerm, 91));

        await _customer.Apply(_customer.Event(Now, new PaymentReceived("INV-1", 250m)));
        (await _customer.View()).Receivables.ShouldBe(new ReceivablesView(ReceivablesClass.None, null));
    }

    [Fact]
    public async Task Surveys_make_the_satisfaction_history_and_the_latest_level()
    {
        var first = Now;
        await _customer.Apply(
            _customer.Event(first.AddMinutes(5), new SurveyAnswered(SatisfactionLevel.Advocate, null, TestStaff.Agent1, null)),
            _customer.Event(first, new SurveyAnswered(SatisfactionLevel.Satisfied, new ServqualScores(4, 4, 5, 3, 5), TestStaff.Agent1, null)));

        var satisfaction = (await _customer.View()).Satisfaction;
        satisfaction.Latest.ShouldBe(SatisfactionLevel.Advocate);
        satisfaction.History.ShouldBe([new SatisfactionPoint(first, SatisfactionLevel.Satisfied), new SatisfactionPoint(first.AddMinutes(5), SatisfactionLevel.Advocate)]);
    }

    [Fact]
    public async Task A_qualified_prospect_shows_its_man_verdict_and_is_potential_then_target_once_targeted()
    {
        await _customer.Apply(_customer.Event(Now, new ProspectQualified(Money: true, Authority: false, Need: true, Targeted: null)));
        var prospect = await _customer.View();
        prospect.LifecycleStage.ShouldBe(LifecycleStage.Potential);
        prospect.Man.ShouldBe(new ManView(true, false, true, ManVerdict.ContactableFindAuthority, "M+a+N"));

        await _customer.Apply(_customer.Event(Now.AddMinutes(1), new ProspectQualified(true, true, true, Targeted: true)));
        var target = await _customer.View();
        target.LifecycleStage.ShouldBe(LifecycleStage.Target);
        target.Man.ShouldNotBeNull().Verdict.ShouldBe(ManVerdict.Qualified);
    }

    [Fact]
    public async Task A_designated_key_account_shows_its_manager_strategies_and_becomes_overdue_for_a_visit_with_no_new_event()
    {
        var designatedAt = Now;
        await _customer.Apply(_customer.Event(designatedAt, new KeyAccountDesignated(
            true, TestStaff.Agent2, KeyAccountSensitivity.TechnologySensitive, VisitCadenceDays: 20, Goals: "Joint trial of the new line")));

        var keyAccount = (await _customer.View()).KeyAccount;
        keyAccount.IsKeyAccount.ShouldBeTrue();
        keyAccount.ManagerId.ShouldBe(TestStaff.Agent2);
        keyAccount.Since.ShouldBe(designatedAt);
        keyAccount.Sensitivity.ShouldBe(KeyAccountSensitivity.TechnologySensitive);
        keyAccount.RecommendedStrategies.ShouldBe(["Early access to new products", "Joint trials", "Technical training"]);
        keyAccount.VisitCadenceDays.ShouldBe(20);
        keyAccount.VisitOverdue.ShouldBeFalse();

        cluster.Clock.SetUtcNow(designatedAt.AddDays(21));
        (await _customer.View()).KeyAccount.VisitOverdue.ShouldBeTrue();

        await _customer.Apply(_customer.Event(Now, new ContactMade(ContactChannel.Visit, ContactDirection.Outbound, TestStaff.Agent2, "Quarterly review")));
        var visited = (await _customer.View()).KeyAccount;
        visited.VisitOverdue.ShouldBeFalse();
        visited.LastVisitAt.ShouldBe(Now);
    }

    [Fact]
    public async Task The_view_shows_value_figures_and_profile_classifications_at_the_top_level()
    {
        await _customer.Apply(
            _customer.Event(Now, new CustomerProfileChanged("Ada", CustomerSource.Partner, "North", Settlement.Credit, null, TestStaff.Agent1, ValueStyle.Rational)),
            _customer.Event(Now, new PurchaseMade("O-1", 1_000m, 400m, "EUR")),
            _customer.Event(Now.AddMinutes(1), new RefundIssued("O-1", 100m)));

        var view = await _customer.View();
        view.Source.ShouldBe(CustomerSource.Partner);
        view.Region.ShouldBe("North");
        view.Settlement.ShouldBe(Settlement.Credit);
        view.ValueStyle.ShouldBe(ValueStyle.Rational);
        view.Profit12Months.ShouldBe(500m);
        // The tier comes from this silo's cached pyramid cut-offs, which other tests of this cluster also move.
        var tier = view.Tier.ShouldNotBeNull();
        view.ProfitContribution.ShouldBe(ContributionRules.For(tier, 500m));
        view.Clv.PastValue.ShouldBe(500m);
        view.Clv.Retention.ShouldBe(0.8m);
        view.Clv.Total.ShouldBe(view.Clv.PastValue + view.Clv.ProjectedValue);
        view.RelationshipLevel.ShouldBe(RelationshipLevel.Basic);
    }

    [Fact]
    public async Task The_view_with_its_insights_reads_back_the_same_after_deactivation()
    {
        await _customer.Apply(
            _customer.Purchase(Now, 100m),
            Invoice("INV-1", 100m, InDays(-5)),
            _customer.Event(Now, new SurveyAnswered(SatisfactionLevel.Returning, null, null, null)),
            _customer.Event(Now, new ProspectQualified(true, true, true, true)),
            _customer.Event(Now, new KeyAccountDesignated(true, TestStaff.Agent1, KeyAccountSensitivity.PriceSensitive, null, null)));
        var before = JsonSerializer.Serialize(await _customer.View());

        await cluster.Deactivate(_customer.Grain);

        JsonSerializer.Serialize(await _customer.View()).ShouldBe(before);
    }

    [Fact]
    public async Task A_reminder_is_registered_for_the_next_time_driven_change_and_a_tick_after_the_last_change_removes_it()
    {
        var boughtAt = Now;
        var registeredAt = DateTime.UtcNow;
        // Sold at cost: no profit, so the pyramid (which this cluster's clock moves) never makes it a key account whose
        // visits would keep changing by time.
        await _customer.Apply(_customer.Event(boughtAt, new PurchaseMade("O-1", 100m, 100m, "EUR")));
        var reminder = (await cluster.InsightsReminderOf(_customer.Grain)).ShouldNotBeNull();
        // Dormancy is 91 days away: the reminder service is given at most 30 days at once (reminders tick on real time).
        (reminder.StartAt - registeredAt).ShouldBe(CustomerGrain.MaxReminderWait, tolerance: TimeSpan.FromMinutes(1));

        cluster.Clock.SetUtcNow(boughtAt.AddDays(181));
        await _customer.Grain.AsReference<IRemindable>().ReceiveReminder(CustomerGrain.InsightsReminder, default, TestContext.Current.CancellationToken);

        (await cluster.InsightsReminderOf(_customer.Grain)).ShouldBeNull("a churned customer changes no more by time alone");
        (await _customer.View()).Behaviour.ShouldBe(Behaviour.Churned);
    }
}
