using System.Collections.Immutable;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.ContactCentre;

/// <summary>Persisted state of <see cref="ContactGrain"/>: the contact's facts, the keys of its events, and whether its queue has them.</summary>
public sealed class ContactState
{
    /// <summary>The facts so far; null until the contact was offered (the only event that names the queue).</summary>
    public WorkItemFacts? Facts { get; set; }

    public string? Queue { get; set; }

    /// <summary>Facts of events that arrived before the offer, merged in once it comes.</summary>
    public WorkItemFacts Early { get; set; } = new("", "", Abstractions.ContactCentre.ContactChannel.Voice, [], Tier.Lead, false, null, default);

    public HashSet<string> ProcessedKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True while the queue may not have the latest facts.</summary>
    public bool ForwardPending { get; set; }
}

/// <summary>
/// D10: one contact of the contact centre. Its lifecycle events are stored here (with their keys, so a re-sent event is
/// a duplicate), the customer's tier and key-account manager are looked up once when it is offered, and its facts are
/// handed to its queue after every change; a failed hand-over is retried (<see cref="HandOverRetry"/>), and the
/// queue merges facts idempotently. The event keys of one contact are few, so all are kept.
/// </summary>
public sealed partial class ContactGrain(
    [PersistentState("contact", StorageNames.Crm)] IPersistentState<ContactState> state,
    IOptions<RealtimeOptions> realtime,
    ILogger<ContactGrain> logger) : Grain, IContactGrain, IRemindable
{
    private HandOverRetry? _handOver;

    private HandOverRetry HandOver => _handOver ??= new(this, Forward, () => state.State.ForwardPending, realtime.Value.RetryDelay, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.ForwardPending)
            HandOver.Resume();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == HandOverRetry.ReminderName ? HandOver.Tick() : Task.CompletedTask;

    public async Task<ImmutableArray<IngestStatus>> Apply(ImmutableArray<InteractionEvent> events)
    {
        var statuses = ImmutableArray.CreateBuilder<IngestStatus>(events.Length);
        var accepted = false;
        foreach (var e in events)
        {
            if (!state.State.ProcessedKeys.Add(e.Key.ToString()))
            {
                statuses.Add(IngestStatus.Duplicate);
                continue;
            }
            await ApplyOne(e);
            statuses.Add(IngestStatus.Accepted);
            accepted = true;
        }

        if (accepted)
        {
            state.State.ForwardPending = state.State.Facts is not null;
            await state.WriteOrRevertAsync(this);
            await HandOver.Run();
        }
        return statuses.MoveToImmutable();
    }

    private async Task ApplyOne(InteractionEvent e)
    {
        var early = state.State.Early;
        switch (e.Data)
        {
            case ContactOffered offered:
                state.State.Queue = offered.Queue;
                var (tier, isKeyAccount, manager) = await CustomerStanding(e.CustomerId);
                state.State.Facts = Merge(new WorkItemFacts(
                    this.GetPrimaryKeyString(), e.CustomerId, offered.Channel, offered.RequiredSkills, tier, isKeyAccount, manager, e.Time), early);
                return;
            case ContactAnswered answered:
                state.State.Early = early with { AnsweredAt = e.Time, AnsweredBy = answered.AgentId };
                break;
            case ContactAbandoned:
                state.State.Early = early with { AbandonedAt = e.Time };
                break;
            case ContactEnded ended:
                state.State.Early = early with { EndedAt = e.Time, WrapUpSeconds = ended.WrapUpSeconds };
                break;
        }
        if (state.State.Facts is { } facts)
            state.State.Facts = Merge(facts, state.State.Early);
    }

    private static WorkItemFacts Merge(WorkItemFacts facts, WorkItemFacts later) => facts with
    {
        AnsweredAt = later.AnsweredAt ?? facts.AnsweredAt,
        AnsweredBy = later.AnsweredBy ?? facts.AnsweredBy,
        AbandonedAt = later.AbandonedAt ?? facts.AbandonedAt,
        EndedAt = later.EndedAt ?? facts.EndedAt,
        WrapUpSeconds = later.EndedAt is null ? facts.WrapUpSeconds : later.WrapUpSeconds,
    };

    /// <summary>D2/D5: the customer's tier and key-account manager as the customer's record has them now (Lead when unknown).</summary>
    private async Task<(Tier Tier, bool IsKeyAccount, string? ManagerId)> CustomerStanding(string customerId)
    {
        var view = await GrainFactory.GetGrain<ICustomerGrain>(customerId).GetView();
        return view is null
            ? (Tier.Lead, false, null)
            : (view.Tier ?? Tier.Lead, view.KeyAccount.IsKeyAccount, view.KeyAccount.IsKeyAccount ? view.KeyAccount.ManagerId : null);
    }

    private async Task Forward()
    {
        if (!state.State.ForwardPending || state.State is not { Facts: { } facts, Queue: { } queue })
            return;
        try
        {
            await GrainFactory.GetGrain<IQueueGrain>(queue).Submit(facts);
            state.State.ForwardPending = false;
            await state.WriteOrRevertAsync(this);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogForwardFailed(e, this.GetPrimaryKeyString(), queue);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact {ContactId}: handing its facts to queue {Queue} failed; retrying")]
    private partial void LogForwardFailed(Exception exception, string contactId, string queue);
}
