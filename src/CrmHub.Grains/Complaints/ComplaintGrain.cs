using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Customers;
using CrmHub.Domain.Complaints;
using CrmHub.Grains.Agents;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
using CrmHub.Grains.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Timers;

namespace CrmHub.Grains.Complaints;

/// <summary>Persisted state of <see cref="ComplaintGrain"/>.</summary>
public sealed class ComplaintState
{
    /// <summary>What the complaint was opened with (null: never opened).</summary>
    public ComplaintOpening? Opening { get; set; }

    /// <summary>
    /// D9 facts: deadlines (fixed at opening), steps with their details, tags and the deadline events already fired
    /// (breaches among them). Everything the view shows is derived from these.
    /// </summary>
    public ComplaintHandling? Handling { get; set; }

    /// <summary>Everyone who was alerted about the complaint; they are told about every change.</summary>
    public ImmutableArray<string> Recipients { get; set; } = [];

    /// <summary>Notifications written here but not yet confirmed stored in their recipient's inbox.</summary>
    public ImmutableList<PendingDelivery> PendingDeliveries { get; set; } = [];

    /// <summary>The complaint index has not confirmed the latest view yet.</summary>
    public bool IndexPending { get; set; }

    /// <summary>The complaint was closed and its customer has not confirmed taking it off its open complaints yet.</summary>
    public bool CustomerNoticePending { get; set; }

    /// <summary>D10: true until the complaints queue has the complaint as a work item.</summary>
    public bool QueueHandOverPending { get; set; }
}

/// <summary>A notification on its way to one agent's inbox.</summary>
public sealed record PendingDelivery(string AgentId, NotificationDraft Draft);

/// <summary>
/// One complaint (D9): its handling steps, tags and deadlines. Deadline events (warnings at 80%, breaches at 100%)
/// are due instants kept in state: while active a grain timer fires at the exact next one; a reminder is the
/// durable backstop that reactivates the grain after a deactivation or restart, and every activation fires what
/// is already due at once. Each event is recorded in the same write as its notifications, so it fires once.
/// </summary>
public sealed partial class ComplaintGrain(
    [PersistentState("complaint", StorageNames.Crm)] IPersistentState<ComplaintState> state,
    IStaffDirectory staff,
    IOptions<RealtimeOptions> realtime,
    IOptions<RulesOptions> rules,
    IOptions<PopulationOptions> population,
    TimeProvider time,
    ILogger<ComplaintGrain> logger) : Grain, IComplaintGrain, IRemindable
{
    /// <summary>The reminder that wakes the complaint for its next deadline event.</summary>
    public const string SlaReminder = "sla";

    /// <summary>Orleans' smallest reminder period: after the due time the reminder ticks this often until the event fired.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private HandOverRetry? _handOver;
    private IGrainTimer? _slaTimer;

    /// <summary>What this activation last made of the reminder: its due instant (null: removed); unset before the first sync.</summary>
    private (bool Synced, DateTimeOffset? DueAt) _reminder;

    private HandOverRetry HandOver => _handOver ??= new(this, HandOverPending, () => HasPendingHandOver, realtime.Value.RetryDelay, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (HasPendingHandOver)
            HandOver.Resume();
        // A deadline that passed while the complaint was not active fires at once (the timer is due now).
        if (state.State.Handling is not null)
            await ScheduleSla();
    }

    public async Task<ComplaintView> Open(ComplaintOpening opening)
    {
        if (View() is { } existing)
            return existing;

        var onlineAgents = string.IsNullOrWhiteSpace(opening.CustomerOwnerAgentId)
            ? await GrainFactory.GetGrain<IOnlineAgentsGrain>(IOnlineAgentsGrain.ClusterKey).GetOnlineAgents()
            : [];
        var recipients = AlertRecipients.ForNewKeyAccountComplaint(
            staff.SupervisorIds, opening.CustomerOwnerAgentId, onlineAgents, opening.KeyAccountManagerId);
        var alert = new NotificationDraft(
            $"{NotificationKinds.ComplaintAlert}:{opening.ComplaintId}",
            time.GetUtcNow(),
            new ComplaintAlert(opening.ComplaintId, opening.CustomerId, opening.CustomerName, opening.Subject,
                opening.Category, opening.Severity, opening.OpenedAt));

        state.State = new ComplaintState
        {
            Opening = opening,
            Handling = ComplaintHandling.Open(opening.OpenedAt, opening.Tier, rules.Value.Settings.ComplaintSla),
            Recipients = [.. recipients],
            PendingDeliveries = [.. recipients.Select(agentId => new PendingDelivery(agentId, alert))],
            IndexPending = true,
            QueueHandOverPending = true,
        };
        await state.WriteOrRevertAsync(this);
        // The reminder (the deadlines' durable backstop) is registered while the alerts go out.
        await Task.WhenAll(HandOver.Run(), ScheduleSla());
        return View()!;
    }

    public async Task<StepResult> RecordStep(string agentId, ComplaintStep step, StepDetails? details = null, bool isSupervisor = false)
    {
        if (state.State.Handling is not { } handling)
            return NotFound();

        var now = time.GetUtcNow();
        var (payload, field) = ToPayload(step, details);
        var decision = ComplaintWorkflow.Take(handling, step, agentId, now, payload);
        if (decision.Outcome == ComplaintActionOutcome.OutOfOrder)
            return Refused(StepOutcome.OutOfOrder, decision.Reason, decision.NextAllowedStep);
        var owner = OwnerOf(handling);
        if (step != ComplaintStep.Listen && owner != agentId && !isSupervisor)
            return Refused(StepOutcome.OwnedByAnotherAgent, $"The complaint is handled by '{owner}'.", decision.NextAllowedStep);
        if (field is not null)
            return Refused(StepOutcome.InvalidPayload, InvalidDetails(step, field), decision.NextAllowedStep, field);
        if (!decision.Accepted)
            return Refused(ToStepOutcome(decision.Outcome), decision.Reason, decision.NextAllowedStep, PayloadField(step, decision.Outcome));

        var updated = decision.Handling;
        var change = new NotificationDraft(
            $"{NotificationKinds.ComplaintUpdated}:{this.GetPrimaryKeyString()}:{updated.Steps.Length}",
            now,
            new ComplaintUpdated(this.GetPrimaryKeyString(), ComplaintWorkflow.StatusAfter(updated), OwnerOf(updated)));

        state.State.Handling = updated;
        state.State.PendingDeliveries = state.State.PendingDeliveries.AddRange(
            state.State.Recipients.Select(recipient => new PendingDelivery(recipient, change)));
        state.State.IndexPending = true;
        state.State.CustomerNoticePending |= step == ComplaintStep.Close;
        await state.WriteOrRevertAsync(this);
        // A step may meet a deadline: what is scheduled next changes (while the updates go out).
        await Task.WhenAll(HandOver.Run(), ScheduleSla());
        return Recorded();
    }

    public async Task<StepResult> Tag(string agentId, bool isSupervisor, ComplaintTagChange change)
    {
        if (state.State.Handling is not { } handling)
            return NotFound();

        var decision = ComplaintWorkflow.TagPsychology(handling, change.Psychology);
        if (decision.Accepted && change.Malicious is { } malicious)
            decision = ComplaintWorkflow.FlagMalicious(decision.Handling, malicious, change.MaliciousReason, agentId, isSupervisor, time.GetUtcNow());
        if (!decision.Accepted)
        {
            var field = decision.Outcome == ComplaintActionOutcome.InvalidPayload
                ? change.Malicious is true && string.IsNullOrWhiteSpace(change.MaliciousReason) ? "maliciousReason" : "psychology"
                : null;
            return Refused(ToStepOutcome(decision.Outcome), decision.Reason, decision.NextAllowedStep, field);
        }

        state.State.Handling = decision.Handling;
        state.State.IndexPending = true;
        await state.WriteOrRevertAsync(this);
        await HandOver.Run();
        return Recorded();
    }

    public Task<ComplaintView?> GetView() => Task.FromResult(View());

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName switch
    {
        SlaReminder => FireDueSla(),
        HandOverRetry.ReminderName => HandOver.Tick(),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// Fires every deadline event due now and not fired yet (at once, so a late activation catches up): records
    /// them on the complaint and queues their notifications in one write, then delivers and schedules the next.
    /// </summary>
    private async Task FireDueSla()
    {
        var now = time.GetUtcNow();
        if (state.State is { Opening: { } opening, Handling: { } handling } && ComplaintSla.DueSlaEvents(handling, now) is { IsEmpty: false } due)
        {
            var owner = OwnerOf(handling);
            var deliveries = due.SelectMany(sla =>
            {
                var draft = SlaDraft(opening, handling.Deadlines, owner, sla, now);
                return AlertRecipients.ForSlaEvent(sla.Kind, staff.SupervisorIds, owner, opening.KeyAccountManagerId)
                    .Select(agentId => new PendingDelivery(agentId, draft));
            });
            state.State.Handling = ComplaintSla.RecordFired(handling, due);
            state.State.PendingDeliveries = state.State.PendingDeliveries.AddRange(deliveries);
            state.State.IndexPending = true;
            await state.WriteOrRevertAsync(this);
            foreach (var sla in due)
                LogSlaEvent(this.GetPrimaryKeyString(), sla.Kind, sla.At);
            await HandOver.Run();
        }
        await ScheduleSla();
    }

    /// <summary>
    /// Arms the timer for the exact instant of the next deadline event (due now when it already passed) and keeps
    /// the reminder on it; with nothing left to fire, stops both.
    /// </summary>
    private async Task ScheduleSla()
    {
        _slaTimer?.Dispose();
        _slaTimer = null;
        var next = state.State.Handling is { } handling ? ComplaintSla.NextSlaEvent(handling, time.GetUtcNow()) : null;
        if (next is not null)
        {
            var dueIn = Max(next.At - time.GetUtcNow(), TimeSpan.Zero);
            _slaTimer = this.RegisterGrainTimer(FireDueSla, dueIn, Timeout.InfiniteTimeSpan);
        }
        await KeepReminderOn(next?.At);
    }

    /// <summary>
    /// The durable backstop: a reminder due at <paramref name="dueAt"/> (then every minute until the event fired),
    /// or none when nothing is left to fire. Without a reminder service (a host that configures none) the timers
    /// alone keep the deadlines while the complaint is active.
    /// </summary>
    private async Task KeepReminderOn(DateTimeOffset? dueAt)
    {
        if (_reminder.Synced && _reminder.DueAt == dueAt)
            return;
        if (ServiceProvider.GetService<IReminderRegistry>() is null)
        {
            LogNoReminderService(this.GetPrimaryKeyString());
            return;
        }
        try
        {
            if (dueAt is { } at)
            {
                await this.RegisterOrUpdateReminder(SlaReminder, Max(at - time.GetUtcNow(), TimeSpan.Zero), ReminderPeriod);
            }
            else if (await this.GetReminder(SlaReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
            _reminder = (true, dueAt);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The timer still fires while the complaint is active; the next activation or change tries again.
            LogReminderFailed(e, this.GetPrimaryKeyString());
        }
    }

    private bool HasPendingHandOver =>
        !state.State.PendingDeliveries.IsEmpty || state.State.IndexPending || state.State.CustomerNoticePending || state.State.QueueHandOverPending;

    /// <summary>The work item id of a complaint in the complaints queue.</summary>
    public static string WorkItemIdOf(string complaintId) => $"complaint:{complaintId}";

    /// <summary>
    /// The outbox: hands every pending notification to its recipient's inbox (idempotent there by key), the latest
    /// view to the complaint index, a new complaint to the complaints queue as a work item (D10: e-mail-like, offered at
    /// opening, with the customer's tier and key-account manager) and, once closed, the closing to the customer; then
    /// forgets what was confirmed.
    /// Failures stay pending and are retried (<see cref="HandOverRetry"/>).
    /// </summary>
    private async Task HandOverPending()
    {
        if (!HasPendingHandOver)
            return;

        // The hand-overs go to different grains: they run side by side, so the alerts wait for none of the others.
        await Task.WhenAll(DeliverPending(), ReportToIndex(), HandToQueue(), NoticeToCustomer());
        try
        {
            await state.WriteOrRevertAsync(this);
        }
        catch (Exception e)
        {
            LogDeliveryFailed(e, this.GetPrimaryKeyString(), "(state write)");
        }
    }

    private async Task DeliverPending()
    {
        var complaintId = this.GetPrimaryKeyString();
        var delivered = await NotificationOutbox.Deliver(
            GrainFactory, state.State.PendingDeliveries, (e, agentId) => LogDeliveryFailed(e, complaintId, agentId));
        state.State.PendingDeliveries = state.State.PendingDeliveries.RemoveRange(delivered);
    }

    private async Task ReportToIndex()
    {
        if (state.State.IndexPending && View() is { } view)
        {
            var complaintId = this.GetPrimaryKeyString();
            state.State.IndexPending = !await Try(() => GrainFactory.IndexBucketOf(complaintId, population.Value.Buckets).Report(view), "(complaint index)");
        }
    }

    private async Task HandToQueue()
    {
        if (state.State is { QueueHandOverPending: true, Opening: { } queued })
            state.State.QueueHandOverPending = !await Try(
                () => GrainFactory.GetGrain<IQueueGrain>(QueueNames.Complaints).Submit(new WorkItemFacts(
                    WorkItemIdOf(queued.ComplaintId), queued.CustomerId, ContactChannel.Email, [], queued.Tier,
                    queued.KeyAccountManagerId is not null, queued.KeyAccountManagerId, queued.OpenedAt)),
                "(complaints queue)");
    }

    private async Task NoticeToCustomer()
    {
        if (state.State is { CustomerNoticePending: true, Opening: { } opening })
            state.State.CustomerNoticePending = !await Try(
                () => GrainFactory.GetGrain<ICustomerGrain>(opening.CustomerId).ComplaintClosed(this.GetPrimaryKeyString()), opening.CustomerId);
    }

    private async Task<bool> Try(Func<Task> handOver, string recipient)
    {
        try
        {
            await handOver();
            return true;
        }
        catch (Exception e)
        {
            LogDeliveryFailed(e, this.GetPrimaryKeyString(), recipient);
            return false;
        }
    }

    private ComplaintView? View() =>
        state.State is { Opening: { } opening, Handling: { } handling } ? ToView(opening, handling) : null;

    private StepResult Recorded()
    {
        var view = View()!;
        return new StepResult(StepOutcome.Recorded, view, null, view.NextAllowedStep);
    }

    private StepResult Refused(StepOutcome outcome, string? reason, ComplaintStep? next, string? field = null) =>
        new(outcome, View(), reason, next, field);

    private StepResult NotFound() =>
        new(StepOutcome.NotFound, null, $"No complaint '{this.GetPrimaryKeyString()}' exists.", null);

    /// <summary>D9: the owner is the agent who took the complaint (the <c>listen</c> step).</summary>
    private static string? OwnerOf(ComplaintHandling handling) =>
        handling.Steps.Where(step => step.Step == ComplaintStep.Listen).Select(step => step.AgentId).FirstOrDefault();

    private static ComplaintView ToView(ComplaintOpening opening, ComplaintHandling handling) => new(
        opening.ComplaintId,
        opening.CustomerId,
        opening.CustomerName,
        opening.Subject,
        opening.Description,
        opening.Category,
        opening.Severity,
        ComplaintWorkflow.StatusAfter(handling),
        OwnerOf(handling),
        handling.OpenedAt,
        handling.Steps,
        handling.Deadlines.Tier,
        handling.Deadlines.FirstResponseDueAt,
        handling.Deadlines.ResolutionDueAt,
        [.. handling.Breaches.Select(breach => new ComplaintBreach(DeadlineOf(breach.Kind), breach.At))],
        new ComplaintTags(handling.Psychology, handling.Malicious is not null, handling.Malicious?.Reason, handling.Malicious?.SupervisorId),
        [.. handling.Resolutions.Select(resolution => new ComplaintResolutionView(resolution.Solution, resolution.CustomerAgreed, resolution.AgentId, resolution.At))],
        handling.Review is { } review ? new ComplaintReviewView(review.Lessons, review.ProductFeedback, review.AgentId, review.At) : null,
        ComplaintWorkflow.NextAllowed(handling),
        opening.KeyAccountManagerId);

    /// <summary>The notification of one deadline event; both kinds tell when the deadline falls (or fell) due.</summary>
    private static NotificationDraft SlaDraft(ComplaintOpening opening, ComplaintDeadlines deadlines, string? owner, SlaEvent sla, DateTimeOffset now)
    {
        var deadline = DeadlineOf(sla.Kind);
        SlaNotification data = ComplaintSla.IsBreach(sla.Kind) ? new SlaBreached() : new SlaWarning();
        data = data with
        {
            ComplaintId = opening.ComplaintId,
            CustomerId = opening.CustomerId,
            CustomerName = opening.CustomerName,
            Deadline = deadline,
            DueAt = deadline == ComplaintDeadline.FirstResponse ? deadlines.FirstResponseDueAt : deadlines.ResolutionDueAt,
            OwnerAgentId = owner,
            Tier = deadlines.Tier,
        };
        return new NotificationDraft($"{data.Kind}:{opening.ComplaintId}:{deadline}", now, data);
    }

    private static ComplaintDeadline DeadlineOf(SlaEventKind kind) =>
        kind is SlaEventKind.FirstResponseWarning or SlaEventKind.FirstResponseBreach ? ComplaintDeadline.FirstResponse : ComplaintDeadline.Resolution;

    /// <summary>The domain payload of a step request, or the request field that is wrong.</summary>
    private static (StepPayload? Payload, string? Field) ToPayload(ComplaintStep step, StepDetails? details)
    {
        var given = details ?? new StepDetails();
        return step switch
        {
            ComplaintStep.Resolve when given.Lessons is not null => (null, "lessons"),
            ComplaintStep.Resolve when given.ProductFeedback is not null => (null, "productFeedback"),
            ComplaintStep.Resolve when string.IsNullOrWhiteSpace(given.Solution) => (null, "solution"),
            ComplaintStep.Resolve when given.CustomerAgreed is null => (null, "customerAgreed"),
            ComplaintStep.Resolve => (new ResolvePayload(given.Solution!, given.CustomerAgreed.Value), null),
            ComplaintStep.Review when given.Solution is not null => (null, "solution"),
            ComplaintStep.Review when given.CustomerAgreed is not null => (null, "customerAgreed"),
            ComplaintStep.Review when string.IsNullOrWhiteSpace(given.Lessons) => (null, "lessons"),
            ComplaintStep.Review => (new ReviewPayload(given.Lessons!, given.ProductFeedback), null),
            _ => (null, FirstGiven(given)),
        };
    }

    private static string? FirstGiven(StepDetails details) =>
        details.Solution is not null ? "solution"
        : details.CustomerAgreed is not null ? "customerAgreed"
        : details.Lessons is not null ? "lessons"
        : details.ProductFeedback is not null ? "productFeedback"
        : null;

    private static string InvalidDetails(ComplaintStep step, string field) => (step, field) switch
    {
        (ComplaintStep.Resolve, "solution") => "'resolve' needs the solution proposed to the customer.",
        (ComplaintStep.Resolve, "customerAgreed") => "'resolve' needs whether the customer agreed to the solution.",
        (ComplaintStep.Review, "lessons") => "'review' needs the lessons learnt.",
        _ => $"'{step.ToString().ToLowerInvariant()}' does not take '{field}'.",
    };

    private static string? PayloadField(ComplaintStep step, ComplaintActionOutcome outcome) =>
        outcome != ComplaintActionOutcome.InvalidPayload ? null : step == ComplaintStep.Review ? "lessons" : "solution";

    private static StepOutcome ToStepOutcome(ComplaintActionOutcome outcome) => outcome switch
    {
        ComplaintActionOutcome.OutOfOrder => StepOutcome.OutOfOrder,
        ComplaintActionOutcome.InvalidPayload => StepOutcome.InvalidPayload,
        ComplaintActionOutcome.CustomerNotAgreed => StepOutcome.CustomerNotAgreed,
        ComplaintActionOutcome.SupervisorOnly => StepOutcome.SupervisorOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a refusal."),
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: delivery to {AgentId} failed; retrying")]
    private partial void LogDeliveryFailed(Exception exception, string complaintId, string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId}: {SlaEvent} (due {DueAt})")]
    private partial void LogSlaEvent(string complaintId, SlaEventKind slaEvent, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId}: no reminder service is configured; deadlines are kept by timers while active")]
    private partial void LogNoReminderService(string complaintId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: the deadline reminder could not be updated; the timer still runs")]
    private partial void LogReminderFailed(Exception exception, string complaintId);
}
