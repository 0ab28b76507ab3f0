using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Customers;
using CrmHub.Domain.KeyAccounts;
using CrmHub.Domain.Lifecycle;
using CrmHub.Domain.Value;
using CrmHub.Grains.Agents;
using CrmHub.Grains.Complaints;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
using CrmHub.Grains.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Customers;

/// <summary>Persisted state of <see cref="CustomerGrain"/>: facts, processed keys and the complaint outbox, written together.</summary>
public sealed class CustomerState
{
    public CustomerRecord? Record { get; set; }

    public DedupWindow Processed { get; set; } = DedupWindow.Empty;

    /// <summary>Complaints accepted here but not yet confirmed opened by their complaint grain.</summary>
    public ImmutableList<ComplaintOpening> PendingComplaints { get; set; } = [];

    /// <summary>
    /// The next instant the insights change with no new event (lifecycle, behaviour, receivables, a visit falling
    /// overdue); the insights reminder is registered for it. Null when nothing will change by time alone.
    /// </summary>
    public DateTimeOffset? InsightsDueAt { get; set; }

    /// <summary>The assessment stored with the last change or reminder tick, for alerts on time-driven transitions.</summary>
    public InsightsSnapshot? LastAssessment { get; set; }

    /// <summary>
    /// When the registered insights reminder fires next (null: none registered). A later <see cref="InsightsDueAt"/>
    /// needs no new registration, because the early tick recomputes and registers again: so ordinary purchases,
    /// which move the next change later, cost no reminder-table write.
    /// </summary>
    public DateTimeOffset? ReminderDueAt { get; set; }

    /// <summary>D5 membership: tier evaluations (with hysteresis) and designations folded in.</summary>
    public KeyAccountState KeyAccount { get; set; } = KeyAccountState.None;

    /// <summary>The tier of the latest evaluation (null before the first), for <c>tierChanged</c>.</summary>
    public Tier? LastTier { get; set; }

    /// <summary>
    /// The cut-offs of the latest evaluation: each version counts once towards the hysteresis, and a silo whose cache
    /// is older than them uses them instead (a tier never goes back to an older version's verdict).
    /// </summary>
    public TierCutoffs? EvaluatedCutoffs { get; set; }

    /// <summary>Notifications written with the change that caused them but not yet confirmed stored in their inbox.</summary>
    public ImmutableList<PendingDelivery> PendingNotifications { get; set; } = [];
}

public sealed partial class CustomerGrain(
    [PersistentState("customer", StorageNames.Crm)] IPersistentState<CustomerState> state,
    IOptions<CustomerOptions> options,
    IOptions<RealtimeOptions> realtime,
    IOptions<RulesOptions> rules,
    IOptions<PopulationOptions> population,
    ITierCutoffsCache cutoffs,
    IStaffDirectory staff,
    TimeProvider time,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain, IRemindable
{
    /// <summary>The reminder that recomputes the insights when time alone changes them.</summary>
    public const string InsightsReminder = "insights";

    /// <summary>
    /// The longest wait given to the reminder service at once: due times beyond it are reached in hops (an early tick
    /// recomputes and registers again), which keeps far-off instants within what every reminder table and timer supports.
    /// </summary>
    public static readonly TimeSpan MaxReminderWait = TimeSpan.FromDays(30);

    /// <summary>The reminder's period: only a retry, since every tick registers the reminder again for the next instant.</summary>
    public static readonly TimeSpan ReminderRetryPeriod = TimeSpan.FromMinutes(1);

    private HandOverRetry? _handOver;

    // The value figures this activation last reported to its bucket (a new activation reports again).
    private CustomerValueSnapshot? _reportedValue;

    private HandOverRetry HandOver => _handOver ??= new(this, HandOverPending, () => HasPendingHandOver, realtime.Value.RetryDelay, logger);

    private bool HasPendingHandOver => !state.State.PendingComplaints.IsEmpty || !state.State.PendingNotifications.IsEmpty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Complaints and notifications acknowledged before a crash but not yet handed over go out now.
        if (HasPendingHandOver)
            HandOver.Resume();
        return Task.CompletedTask;
    }

    public async Task<IngestResult> Apply(ImmutableArray<InteractionEvent> events)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var record = state.State.Record ?? CustomerRecord.New(this.GetPrimaryKeyString());
        var processed = state.State.Processed;
        var raised = new List<(InteractionEvent Event, ComplaintRaised Complaint)>();
        var keyAccount = state.State.KeyAccount;
        var notifications = new List<PendingDelivery>();
        var triggers = new List<ManagerAlert>();
        var largeOrder = rules.Value.Settings.KeyAccounts.LargeOrderAmount;
        var statuses = ImmutableArray.CreateBuilder<IngestStatus>(events.Length);

        foreach (var e in events)
        {
            if (processed.Contains(e.Key))
            {
                statuses.Add(IngestStatus.Duplicate);
                continue;
            }

            if (e.Data is ComplaintRaised complaint && !record.ComplaintsRaised.Any(raised => raised.ComplaintId == complaint.ComplaintId))
            {
                raised.Add((e, complaint));
                triggers.Add(new(e.Id, KeyAccountTrigger.Complaint, $"Complaint {complaint.ComplaintId}: {complaint.Subject}", e.Time));
            }
            if (e.Data is PurchaseMade purchase && KeyAccountOrders.IsLargeOrder(purchase.Amount, largeOrder))
                triggers.Add(new(e.Id, KeyAccountTrigger.LargeOrder, $"Order {purchase.OrderId}: {purchase.Amount} {purchase.Currency}".TrimEnd(), e.Time));
            processed = processed.Remember(e.Key, now);
            record = CustomerRules.Apply(record, e, settings.Record);
            if (e.Data is KeyAccountDesignated designation)
            {
                var previousManager = keyAccount.ManagerId;
                var outcome = KeyAccountMembership.Designate(keyAccount, designation.Designated, designation.ManagerId, e.Time);
                keyAccount = WithManager(outcome.State, record);
                notifications.AddRange(MembershipChanged(record, outcome.Change, keyAccount, previousManager, e.Id));
            }
            statuses.Add(IngestStatus.Accepted);
        }

        var result = new IngestResult(statuses.MoveToImmutable());
        if (!result.Statuses.Contains(IngestStatus.Accepted))
            return result;

        var evaluation = Evaluate(record, keyAccount, await CurrentCutoffs());
        var insights = evaluation.Insights;
        notifications.AddRange(evaluation.Notifications);
        notifications.AddRange(ToManager(record, evaluation.KeyAccount, triggers));
        notifications.AddRange(AssessmentAlerts(record, evaluation.KeyAccount, insights));
        var reminderDueAt = state.State.ReminderDueAt;
        if (insights.NextChangeAt < (reminderDueAt ?? DateTimeOffset.MaxValue))
            reminderDueAt = await RegisterInsightsReminder(insights.NextChangeAt, reminderDueAt);
        state.State = new CustomerState
        {
            Record = record,
            Processed = processed.Prune(now, settings.Dedup),
            PendingComplaints = state.State.PendingComplaints.AddRange(raised.Select(r => ToOpening(record, r.Event, r.Complaint, insights))),
            InsightsDueAt = insights.NextChangeAt,
            LastAssessment = insights.Snapshot,
            ReminderDueAt = reminderDueAt,
            KeyAccount = evaluation.KeyAccount,
            LastTier = evaluation.Tier,
            EvaluatedCutoffs = evaluation.Cutoffs,
            PendingNotifications = state.State.PendingNotifications.AddRange(notifications),
        };
        await state.WriteOrRevertAsync(this);

        // Acknowledged: the events are durable. The value report, complaints and notifications follow, side by side;
        // failures are retried, not reported.
        await Task.WhenAll(ReportValue(record, insights), HandOver.Run());
        return result;
    }

    /// <summary>
    /// D2/D5: evaluates the customer against cut-offs the pyramid just published (passed in: the pyramid awaits this
    /// call, so the customer must not ask it). A version already evaluated changes nothing, so nothing is sent twice.
    /// </summary>
    public async Task Reevaluate(TierCutoffsSnapshot cutoffsSnapshot)
    {
        if (state.State.Record is not { } record || cutoffsSnapshot.Version <= (state.State.EvaluatedCutoffs?.Version ?? long.MinValue))
            return;
        var evaluation = Evaluate(record, state.State.KeyAccount, cutoffsSnapshot.ToTierCutoffs());
        state.State.KeyAccount = evaluation.KeyAccount;
        state.State.LastTier = evaluation.Tier;
        state.State.EvaluatedCutoffs = evaluation.Cutoffs;
        state.State.PendingNotifications = state.State.PendingNotifications.AddRange(evaluation.Notifications);
        await state.WriteOrRevertAsync(this);
        await ReportValue(record, evaluation.Insights);
        await HandOver.Run();
    }

    public async Task ComplaintClosed(string complaintId)
    {
        if (state.State.Record is not { } record || !record.OpenComplaints.Any(open => open.ComplaintId == complaintId))
            return;
        record = CustomerRules.CloseComplaint(record, complaintId);
        state.State.Record = record;
        // The churn risk may fall: the stored assessment follows, so a later rise is measured from here.
        state.State.LastAssessment = InsightsOf(record, state.State.KeyAccount, await CurrentCutoffs()).Snapshot;
        await state.WriteOrRevertAsync(this);
    }

    /// <summary>The 360 view as of now: time-driven changes (Dormant, Churned, ageing receivables, overdue visits) show without new events.</summary>
    public async Task<CustomerView?> GetView() =>
        state.State.Record is { } record
            ? record.ToView(options.Value.TimelineInView, InsightsOf(record, state.State.KeyAccount, await CurrentCutoffs()))
            : null;

    /// <summary>
    /// The insights reminder: recomputes the assessment as of now, stores it when it changed and registers the reminder
    /// for the next instant (or unregisters it when time alone changes nothing any more). The hand-over reminder flushes
    /// the outbox.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == HandOverRetry.ReminderName)
        {
            await HandOver.Tick();
            return;
        }
        if (reminderName != InsightsReminder)
            return;
        var record = state.State.Record;
        var insights = record is null ? null : InsightsOf(record, state.State.KeyAccount, await CurrentCutoffs());
        var next = insights?.NextChangeAt;
        var reminderDueAt = await RegisterInsightsReminder(next, state.State.ReminderDueAt);
        IEnumerable<PendingDelivery> alerts = record is null || insights is null ? [] : AssessmentAlerts(record, state.State.KeyAccount, insights);
        if (state.State.LastAssessment != insights?.Snapshot || state.State.InsightsDueAt != next || state.State.ReminderDueAt != reminderDueAt)
        {
            state.State.LastAssessment = insights?.Snapshot;
            state.State.InsightsDueAt = next;
            state.State.ReminderDueAt = reminderDueAt;
            state.State.PendingNotifications = state.State.PendingNotifications.AddRange(alerts);
            await state.WriteOrRevertAsync(this);
            await HandOver.Run();
        }
    }

    /// <summary>One D5 evaluation: the tier under the cut-offs, the membership after it, the insights and what to tell whom.</summary>
    private sealed record Evaluation(Tier Tier, TierCutoffs Cutoffs, KeyAccountState KeyAccount, CustomerInsights Insights, IReadOnlyList<PendingDelivery> Notifications);

    /// <summary>
    /// D2/D5: the tier under <paramref name="latest"/> (or the newer ones last evaluated); once per cut-off version (or when the tier moved within
    /// one) the hysteresis counts an evaluation, so repeated events under the same cut-offs do not count twice.
    /// </summary>
    private Evaluation Evaluate(CustomerRecord record, KeyAccountState keyAccount, TierCutoffs latest)
    {
        var tierCutoffs = NewestOf(latest);
        var (asOf, tier) = TierOf(record, tierCutoffs);
        var previousTier = state.State.LastTier;
        var previousManager = keyAccount.ManagerId;
        var version = tierCutoffs.Version;
        var outcome = state.State.EvaluatedCutoffs?.Version == version && previousTier == tier
            ? new KeyAccountOutcome(keyAccount, null)
            : KeyAccountMembership.Evaluate(keyAccount, tier, asOf, rules.Value.Settings.KeyAccounts);
        var evaluated = WithManager(outcome.State, record);

        var notifications = new List<PendingDelivery>();
        if (previousTier != tier && !(previousTier is null && tier == Tier.Lead) && record.Profile.OwnerAgentId is { } owner)
            notifications.Add(new PendingDelivery(owner, new NotificationDraft(
                $"{NotificationKinds.TierChanged}:{record.CustomerId}:v{version}:{tier}",
                asOf,
                new TierChanged(record.CustomerId, record.DisplayName, previousTier, tier))));
        notifications.AddRange(MembershipChanged(record, outcome.Change, evaluated, previousManager, $"v{version}"));
        return new(tier, tierCutoffs, evaluated, Insights(record, asOf, tier, evaluated), notifications);
    }

    /// <summary>The newer of the given cut-offs and those of the latest evaluation.</summary>
    private TierCutoffs NewestOf(TierCutoffs tierCutoffs) =>
        state.State.EvaluatedCutoffs is { } evaluated && evaluated.Version > tierCutoffs.Version ? evaluated : tierCutoffs;

    /// <summary>D5: a key account without a manager is given one (the configured default, else the owner agent).</summary>
    private KeyAccountState WithManager(KeyAccountState keyAccount, CustomerRecord record) =>
        KeyAccountMembership.AssignManager(keyAccount, record.Profile.OwnerAgentId, rules.Value.Settings.KeyAccounts).State;

    /// <summary>D5 <c>keyAccountChanged</c>, to the account's manager (the one it had, when it left) and every supervisor.</summary>
    private IEnumerable<PendingDelivery> MembershipChanged(
        CustomerRecord record, KeyAccountChange? change, KeyAccountState keyAccount, string? previousManager, string cause)
    {
        if (change is null)
            return [];
        var managerId = change.Movement == KeyAccountMovement.Entered ? keyAccount.ManagerId : previousManager;
        var draft = new NotificationDraft(
            $"{NotificationKinds.KeyAccountChanged}:{record.CustomerId}:{cause}:{change.Movement}",
            change.At,
            new KeyAccountChanged(
                record.CustomerId, change.Movement == KeyAccountMovement.Entered, change.PreviousTier, change.Tier, managerId, change.Reason.ToString()));
        return staff.SupervisorIds.Append(managerId)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Select(agentId => new PendingDelivery(agentId, draft));
    }

    /// <summary>D5 <c>keyAccountEvent</c>s of time-driven changes since the stored assessment: receivables worse, churn risk up, a visit overdue.</summary>
    private IEnumerable<PendingDelivery> AssessmentAlerts(CustomerRecord record, KeyAccountState keyAccount, CustomerInsights insights)
    {
        var before = state.State.LastAssessment;
        var after = insights.Snapshot;
        var stamp = insights.AsOf.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var previousRisk = before is null ? ChurnRiskAssessment.None : new ChurnRiskAssessment(before.ChurnState, before.ChurnScore, []);
        var alerts = new List<ManagerAlert>();
        if (after.Receivables > (before?.Receivables ?? ReceivablesClass.None))
            alerts.Add(new($"receivables:{stamp}", KeyAccountTrigger.ReceivablesWorsened, $"Receivables now {after.Receivables}", insights.AsOf));
        if (ChurnRisk.Rose(previousRisk, insights.ChurnRisk, rules.Value.Settings.ChurnRisk))
            alerts.Add(new($"churn:{stamp}", KeyAccountTrigger.ChurnRiskRose, $"Churn risk now {after.ChurnState}", insights.AsOf));
        if (after.VisitOverdue && before?.VisitOverdue != true)
            alerts.Add(new($"visit:{stamp}", KeyAccountTrigger.VisitOverdue, "A visit is overdue", insights.AsOf));
        return ToManager(record, keyAccount, alerts);
    }

    /// <summary>A D5 trigger for the key-account manager; <paramref name="Cause"/> (an event id or a kind and instant) keys it.</summary>
    private sealed record ManagerAlert(string Cause, KeyAccountTrigger Trigger, string Detail, DateTimeOffset At);

    /// <summary>D5 <c>keyAccountEvent</c>s to the manager of a key account (none for other customers).</summary>
    private static IEnumerable<PendingDelivery> ToManager(CustomerRecord record, KeyAccountState keyAccount, IEnumerable<ManagerAlert> alerts) =>
        keyAccount is { IsKeyAccount: true, ManagerId: { } managerId }
            ? alerts.Select(alert => new PendingDelivery(managerId, new NotificationDraft(
                $"{NotificationKinds.KeyAccountEvent}:{record.CustomerId}:{alert.Cause}",
                alert.At,
                new KeyAccountEvent(record.CustomerId, managerId, alert.Trigger, alert.Detail))))
            : [];

    /// <summary>
    /// The insights as of now, or as of the newest event if a producer's clock runs ahead of ours (an accepted event
    /// has happened, so the view never ignores it).
    /// </summary>
    private CustomerInsights InsightsOf(CustomerRecord record, KeyAccountState keyAccount, TierCutoffs tierCutoffs)
    {
        var (asOf, tier) = TierOf(record, NewestOf(tierCutoffs));
        return Insights(record, asOf, tier, keyAccount);
    }

    private CustomerInsights Insights(CustomerRecord record, DateTimeOffset asOf, Tier tier, KeyAccountState keyAccount) =>
        CustomerInsights.Of(record, asOf, rules.Value.Settings, tier, keyAccount);

    /// <summary>The instant the insights hold for and the customer's D2 tier then under <paramref name="tierCutoffs"/>.</summary>
    private (DateTimeOffset AsOf, Tier Tier) TierOf(CustomerRecord record, TierCutoffs tierCutoffs)
    {
        var now = time.GetUtcNow();
        var asOf = record.LatestEventAt is { } latest && latest > now ? latest : now;
        var profit = ProfitRules.Rolling(record.Purchases, record.Refunds, asOf, rules.Value.Settings.Value);
        return (asOf, PyramidRules.TierFor(profit.Profit, tierCutoffs));
    }

    /// <summary>This silo's cached tier cut-offs (D2); until the pyramid has answered once, the empty set (everyone Lead).</summary>
    private async Task<TierCutoffs> CurrentCutoffs()
    {
        try
        {
            return await cutoffs.GetAsync();
        }
        catch (Exception e)
        {
            LogCutoffsUnavailable(e, this.GetPrimaryKeyString());
            return cutoffs.Current;
        }
    }

    /// <summary>
    /// D2/D3/D5/D6/D8: tells the customer's value bucket its 12-month profit, CLV, key-account membership, purchase times and
    /// surveys, from which the pyramid, customer equity, retention and satisfaction figures are aggregated. Derived figures: a failed report is logged and made good by the customer's next change.
    /// </summary>
    private async Task ReportValue(CustomerRecord record, CustomerInsights insights)
    {
        var customerId = this.GetPrimaryKeyString();
        var snapshot = PopulationMapping.SnapshotOf(record, insights);
        // Most events (contacts, profiles, invoices) change no reported figure: they cost no bucket call.
        if (_reportedValue is not null && snapshot.SameFiguresAs(_reportedValue))
            return;
        try
        {
            await GrainFactory.BucketOf(customerId, population.Value.Buckets).Report(customerId, snapshot);
            _reportedValue = snapshot;
        }
        catch (Exception e)
        {
            LogValueReportFailed(e, customerId);
        }
    }

    /// <summary>
    /// Registers the insights reminder for <paramref name="dueAt"/> (in hops of at most <see cref="MaxReminderWait"/>),
    /// or unregisters it when null; returns when it fires next. On failure the previous registration stands: the view is
    /// computed as of now whatever the reminder does, and the next change or tick registers again.
    /// </summary>
    private async Task<DateTimeOffset?> RegisterInsightsReminder(DateTimeOffset? dueAt, DateTimeOffset? registered)
    {
        try
        {
            if (dueAt is not { } due)
            {
                if (await this.GetReminder(InsightsReminder) is { } reminder)
                    await this.UnregisterReminder(reminder);
                return null;
            }
            var now = time.GetUtcNow();
            var wait = due - now;
            var dueTime = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxReminderWait ? MaxReminderWait : wait;
            await this.RegisterOrUpdateReminder(InsightsReminder, dueTime, ReminderRetryPeriod);
            return now + dueTime;
        }
        catch (Exception e)
        {
            LogReminderFailed(e, this.GetPrimaryKeyString(), dueAt);
            return registered;
        }
    }

    /// <summary>A new complaint as its grain needs it: the deadlines follow the customer's tier at opening (D9).</summary>
    private static ComplaintOpening ToOpening(CustomerRecord record, InteractionEvent e, ComplaintRaised complaint, CustomerInsights insights) => new(
        complaint.ComplaintId,
        record.CustomerId,
        record.DisplayName,
        complaint.Subject,
        complaint.Description,
        complaint.Category,
        complaint.Severity,
        e.Time,
        record.Profile.OwnerAgentId,
        insights.Tier ?? Tier.Lead,
        insights.KeyAccount.IsKeyAccount ? insights.KeyAccount.ManagerId : null);

    /// <summary>
    /// The outbox: opens the pending complaints and hands the pending notifications to their recipients' inboxes, side by
    /// side, then forgets what was confirmed. Failures stay pending and are retried (<see cref="HandOverRetry"/>).
    /// </summary>
    private async Task HandOverPending()
    {
        var complaintsOpened = OpenPendingComplaints();
        await DeliverPending();
        await complaintsOpened;
    }

    /// <summary>
    /// Hands every pending notification to its recipient's inbox (idempotent there by key), then writes that they are
    /// delivered, so a later activation does not deliver them again after the inbox has let them go.
    /// </summary>
    private async Task DeliverPending()
    {
        var pending = state.State.PendingNotifications;
        if (pending.IsEmpty)
            return;
        var customerId = this.GetPrimaryKeyString();
        var delivered = await NotificationOutbox.Deliver(GrainFactory, pending, (e, agentId) => LogDeliveryFailed(e, customerId, agentId));
        if (delivered.Count == 0)
            return;
        state.State.PendingNotifications = state.State.PendingNotifications.RemoveRange(delivered);
        try
        {
            await state.WriteOrRevertAsync(this);
        }
        catch (Exception e)
        {
            LogDeliveryFailed(e, customerId, "(state write)");
        }
    }

    /// <summary>
    /// Opens every pending complaint. That they are open is not written on its own: opening is idempotent for good (the
    /// complaint grain keeps its state), so the next write of the customer records it, and until then a new activation
    /// only asks again.
    /// </summary>
    private async Task OpenPendingComplaints()
    {
        var pending = state.State.PendingComplaints;
        if (pending.IsEmpty)
            return;
        try
        {
            await Task.WhenAll(pending.Select(opening => GrainFactory.GetGrain<IComplaintGrain>(opening.ComplaintId).Open(opening)));
            state.State.PendingComplaints = state.State.PendingComplaints.RemoveRange(pending);
        }
        catch (Exception e)
        {
            LogComplaintHandOverFailed(e, this.GetPrimaryKeyString(), pending.Count);
        }
    }


    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: delivering a notification to {AgentId} failed; retrying")]
    private partial void LogDeliveryFailed(Exception exception, string customerId, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: opening {Count} complaint(s) failed; retrying")]
    private partial void LogComplaintHandOverFailed(Exception exception, string customerId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: scheduling the insights reminder for {DueAt} failed; retried on the next change")]
    private partial void LogReminderFailed(Exception exception, string customerId, DateTimeOffset? dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: tier cut-offs unavailable; using the last known")]
    private partial void LogCutoffsUnavailable(Exception exception, string customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: reporting value to its bucket failed; the next change reports again")]
    private partial void LogValueReportFailed(Exception exception, string customerId);
}
