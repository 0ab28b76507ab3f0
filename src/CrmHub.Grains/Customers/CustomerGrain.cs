using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Customers;
using CrmHub.Grains.Hosting;
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
}

public sealed partial class CustomerGrain(
    [PersistentState("customer", StorageNames.Crm)] IPersistentState<CustomerState> state,
    IOptions<CustomerOptions> options,
    IOptions<RealtimeOptions> realtime,
    TimeProvider time,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain
{
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
        var pending = state.State.PendingComplaints;
        var statuses = ImmutableArray.CreateBuilder<IngestStatus>(events.Length);

        foreach (var e in events)
        {
            if (processed.Contains(e.Key))
            {
                statuses.Add(IngestStatus.Duplicate);
                continue;
            }

            var isNewComplaint = e.Data is ComplaintRaised raised && !record.OpenComplaints.Any(open => open.ComplaintId == raised.ComplaintId);
            processed = processed.Remember(e.Key, now);
            record = CustomerRules.Apply(record, e, settings.Record);
            if (isNewComplaint)
                pending = pending.Add(ToOpening(record, e, (ComplaintRaised)e.Data));
            statuses.Add(IngestStatus.Accepted);
        }

        var result = new IngestResult(statuses.MoveToImmutable());
        if (!result.Statuses.Contains(IngestStatus.Accepted))
            return result;

        state.State = new CustomerState { Record = record, Processed = processed.Prune(now, settings.Dedup), PendingComplaints = pending };
        await state.WriteOrRevertAsync(this);

        // Acknowledged: the events are durable. Complaint alerts follow; a failure here is retried, not reported.
        await OpenPendingComplaints();
        return result;
    }

    public Task<CustomerView?> GetView() =>
        Task.FromResult(state.State.Record?.ToView(options.Value.TimelineInView));

    private static ComplaintOpening ToOpening(CustomerRecord record, InteractionEvent e, ComplaintRaised complaint) => new(
        complaint.ComplaintId,
        record.CustomerId,
        record.DisplayName,
        complaint.Subject,
        complaint.Description,
        complaint.Category,
        complaint.Severity,
        e.Time,
        record.Profile.OwnerAgentId);

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
}
