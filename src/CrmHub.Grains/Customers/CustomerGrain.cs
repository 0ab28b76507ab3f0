using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Customers;
using CrmHub.Domain.Value;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
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
}

public sealed partial class CustomerGrain(
    [PersistentState("customer", StorageNames.Crm)] IPersistentState<CustomerState> state,
    IOptions<CustomerOptions> options,
    IOptions<RealtimeOptions> realtime,
    IOptions<RulesOptions> rules,
    IOptions<PopulationOptions> population,
    ITierCutoffsCache cutoffs,
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

    private RetrySchedule? _retry;

    private RetrySchedule Retry => _retry ??= new RetrySchedule(this, OpenPendingComplaints);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Complaints acknowledged before a crash but not yet handed over are opened now.
        if (!state.State.PendingComplaints.IsEmpty)
            Retry.After(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task<IngestResult> Apply(ImmutableArray<InteractionEvent> events)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var record = state.State.Record ?? CustomerRecord.New(this.GetPrimaryKeyString());
        var processed = state.State.Processed;
        var raised = new List<(InteractionEvent Event, ComplaintRaised Complaint)>();
        var statuses = ImmutableArray.CreateBuilder<IngestStatus>(events.Length);

        foreach (var e in events)
        {
            if (processed.Contains(e.Key))
            {
                statuses.Add(IngestStatus.Duplicate);
                continue;
            }

            if (e.Data is ComplaintRaised complaint && !record.OpenComplaints.Any(open => open.ComplaintId == complaint.ComplaintId))
                raised.Add((e, complaint));
            processed = processed.Remember(e.Key, now);
            record = CustomerRules.Apply(record, e, settings.Record);
            statuses.Add(IngestStatus.Accepted);
        }

        var result = new IngestResult(statuses.MoveToImmutable());
        if (!result.Statuses.Contains(IngestStatus.Accepted))
            return result;

        var insights = await InsightsOf(record);
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
        };
        await state.WriteOrRevertAsync(this);

        // Acknowledged: the events are durable. The value report and complaint alerts follow; failures are retried, not reported.
        await ReportValue(insights);
        await OpenPendingComplaints();
        return result;
    }

    /// <summary>The 360 view as of now: time-driven changes (Dormant, Churned, ageing receivables, overdue visits) show without new events.</summary>
    public async Task<CustomerView?> GetView() =>
        state.State.Record is { } record ? record.ToView(options.Value.TimelineInView, await InsightsOf(record)) : null;

    /// <summary>
    /// The insights reminder: recomputes the assessment as of now, stores it when it changed and registers the reminder
    /// for the next instant (or unregisters it when time alone changes nothing any more).
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != InsightsReminder)
            return;
        var insights = state.State.Record is { } record ? await InsightsOf(record) : null;
        var next = insights?.NextChangeAt;
        var reminderDueAt = await RegisterInsightsReminder(next, state.State.ReminderDueAt);
        if (state.State.LastAssessment != insights?.Snapshot || state.State.InsightsDueAt != next || state.State.ReminderDueAt != reminderDueAt)
        {
            state.State.LastAssessment = insights?.Snapshot;
            state.State.InsightsDueAt = next;
            state.State.ReminderDueAt = reminderDueAt;
            await state.WriteOrRevertAsync(this);
        }
    }

    /// <summary>
    /// The insights as of now, or as of the newest event if a producer's clock runs ahead of ours (an accepted event
    /// has happened, so the view never ignores it).
    /// </summary>
    private async Task<CustomerInsights> InsightsOf(CustomerRecord record)
    {
        var now = time.GetUtcNow();
        var asOf = record.LatestEventAt is { } latest && latest > now ? latest : now;
        var settings = rules.Value.Settings;
        var profit = ProfitRules.Rolling(record.Purchases, record.Refunds, asOf, settings.Value);
        var tier = PyramidRules.TierFor(profit.Profit, await CurrentCutoffs());
        return CustomerInsights.Of(record, asOf, settings, tier);
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
    /// D2/D3: tells the customer's value bucket its 12-month profit and CLV, from which the pyramid and customer equity are
    /// aggregated. Derived figures: a failed report is logged and made good by the customer's next change.
    /// </summary>
    private async Task ReportValue(CustomerInsights insights)
    {
        var customerId = this.GetPrimaryKeyString();
        try
        {
            await GrainFactory.BucketOf(customerId, population.Value.Buckets)
                .Report(customerId, PopulationMapping.SnapshotOf(insights.Profit12Months, insights.Clv, insights.AsOf));
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

    private async Task OpenPendingComplaints()
    {
        var pending = state.State.PendingComplaints;
        if (pending.IsEmpty)
            return;
        try
        {
            await Task.WhenAll(pending.Select(opening => GrainFactory.GetGrain<IComplaintGrain>(opening.ComplaintId).Open(opening)));
            state.State.PendingComplaints = state.State.PendingComplaints.RemoveRange(pending);
            await state.WriteOrRevertAsync(this);
        }
        catch (Exception e)
        {
            LogComplaintHandOverFailed(e, this.GetPrimaryKeyString(), pending.Count);
            Retry.After(realtime.Value.RetryDelay);
        }
    }


    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: opening {Count} complaint(s) failed; retrying")]
    private partial void LogComplaintHandOverFailed(Exception exception, string customerId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: scheduling the insights reminder for {DueAt} failed; retried on the next change")]
    private partial void LogReminderFailed(Exception exception, string customerId, DateTimeOffset? dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: tier cut-offs unavailable; using the last known")]
    private partial void LogCutoffsUnavailable(Exception exception, string customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: reporting value to its bucket failed; the next change reports again")]
    private partial void LogValueReportFailed(Exception exception, string customerId);
}
