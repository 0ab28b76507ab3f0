using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Domain.Complaints;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Complaints;

/// <summary>Persisted state of <see cref="ComplaintGrain"/>.</summary>
public sealed class ComplaintState
{
    public ComplaintView? Complaint { get; set; }

    /// <summary>Everyone who was alerted about the complaint; they are told about every change.</summary>
    public ImmutableArray<string> Recipients { get; set; } = [];

    /// <summary>Notifications written here but not yet confirmed stored in their recipient's inbox.</summary>
    public ImmutableList<PendingDelivery> PendingDeliveries { get; set; } = [];
}

/// <summary>A notification on its way to one agent's inbox.</summary>
public sealed record PendingDelivery(string AgentId, NotificationDraft Draft);

public sealed partial class ComplaintGrain(
    [PersistentState("complaint", StorageNames.Crm)] IPersistentState<ComplaintState> state,
    IStaffDirectory staff,
    IOptions<RealtimeOptions> realtime,
    TimeProvider time,
    ILogger<ComplaintGrain> logger) : Grain, IComplaintGrain
{
    private RetrySchedule? _retry;

    private RetrySchedule Retry => _retry ??= new RetrySchedule(this, DeliverPending);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.PendingDeliveries.IsEmpty)
            Retry.After(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task<ComplaintView> Open(ComplaintOpening opening)
    {
        if (state.State.Complaint is { } existing)
            return existing;

        var onlineAgents = string.IsNullOrWhiteSpace(opening.CustomerOwnerAgentId)
            ? await GrainFactory.GetGrain<IOnlineAgentsGrain>(IOnlineAgentsGrain.ClusterKey).GetOnlineAgents()
            : [];
        var recipients = AlertRecipients.ForNewComplaint(staff.SupervisorIds, opening.CustomerOwnerAgentId, onlineAgents);
        var complaint = new ComplaintView(
            opening.ComplaintId, opening.CustomerId, opening.CustomerName, opening.Subject, opening.Description,
            opening.Category, opening.Severity, ComplaintStatus.Open, OwnerAgentId: null, opening.OpenedAt, Steps: []);
        var alert = new NotificationDraft(
            $"{NotificationKinds.ComplaintAlert}:{complaint.ComplaintId}",
            time.GetUtcNow(),
            new ComplaintAlert(complaint.ComplaintId, complaint.CustomerId, complaint.CustomerName, complaint.Subject,
                complaint.Category, complaint.Severity, complaint.OpenedAt));

        state.State = new ComplaintState
        {
            Complaint = complaint,
            Recipients = [.. recipients],
            PendingDeliveries = [.. recipients.Select(agentId => new PendingDelivery(agentId, alert))],
        };
        await state.WriteOrRevertAsync(this);
        await DeliverPending();
        return complaint;
    }

    public async Task<StepResult> RecordStep(string agentId, ComplaintStep step)
    {
        if (state.State.Complaint is not { } complaint)
            return new StepResult(StepOutcome.NotFound, null, $"No complaint '{this.GetPrimaryKeyString()}' exists.", null);

        var next = ComplaintWorkflow.NextAllowed(complaint.Steps);
        if (step != next)
        {
            var reason = next is null
                ? "The complaint has completed every step."
                : $"The next step of this complaint is '{next.Value.ToString().ToLowerInvariant()}'.";
            return new StepResult(StepOutcome.OutOfOrder, complaint, reason, next);
        }
        if (step != ComplaintStep.Listen && complaint.OwnerAgentId != agentId)
            return new StepResult(StepOutcome.OwnedByAnotherAgent, complaint, $"The complaint is handled by '{complaint.OwnerAgentId}'.", next);

        var now = time.GetUtcNow();
        var steps = complaint.Steps.Add(new ComplaintStepRecord(step, agentId, now));
        var updated = complaint with
        {
            Steps = steps,
            Status = ComplaintWorkflow.StatusAfter(steps),
            OwnerAgentId = step == ComplaintStep.Listen ? agentId : complaint.OwnerAgentId,
        };
        var change = new NotificationDraft(
            $"{NotificationKinds.ComplaintUpdated}:{updated.ComplaintId}:{steps.Length}",
            now,
            new ComplaintUpdated(updated.ComplaintId, updated.Status, updated.OwnerAgentId));

        state.State.Complaint = updated;
        state.State.PendingDeliveries = state.State.PendingDeliveries.AddRange(
            state.State.Recipients.Select(recipient => new PendingDelivery(recipient, change)));
        await state.WriteOrRevertAsync(this);
        await DeliverPending();
        return new StepResult(StepOutcome.Recorded, updated, null, ComplaintWorkflow.NextAllowed(steps));
    }

    public Task<ComplaintView?> GetView() => Task.FromResult(state.State.Complaint);

    /// <summary>
    /// Hands every pending notification to its recipient's inbox (idempotent there by key), then forgets
    /// the delivered ones. Failures stay pending and are retried on a timer and on the next activation.
    /// </summary>
    private async Task DeliverPending()
    {
        var pending = state.State.PendingDeliveries;
        if (pending.IsEmpty)
            return;

        var outcomes = await Task.WhenAll(pending.Select(async delivery =>
        {
            try
            {
                await GrainFactory.GetGrain<IAgentGrain>(delivery.AgentId).Deliver(delivery.Draft);
                return (delivery, delivered: true);
            }
            catch (Exception e)
            {
                LogDeliveryFailed(e, this.GetPrimaryKeyString(), delivery.AgentId);
                return (delivery, delivered: false);
            }
        }));

        state.State.PendingDeliveries = state.State.PendingDeliveries.RemoveRange(
            outcomes.Where(outcome => outcome.delivered).Select(outcome => outcome.delivery));
        try
        {
            await state.WriteOrRevertAsync(this);
        }
        catch (Exception e)
        {
            LogDeliveryFailed(e, this.GetPrimaryKeyString(), "(state write)");
        }
        if (!state.State.PendingDeliveries.IsEmpty)
            Retry.After(realtime.Value.RetryDelay);
    }


    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: delivery to {AgentId} failed; retrying")]
    private partial void LogDeliveryFailed(Exception exception, string complaintId, string agentId);
}
