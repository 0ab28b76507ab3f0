using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Domain.ContactCentre;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.ContactCentre;

/// <summary>One work item in a queue: its facts and where its routing stands.</summary>
public sealed class QueuedItem
{
    public required WorkItemFacts Facts { get; set; }

    /// <summary>The agent the item is offered to right now (reserved at that agent's desk), if any.</summary>
    public string? OfferedTo { get; set; }

    public DateTimeOffset? OfferExpiresAt { get; set; }

    /// <summary>The agent who accepted it.</summary>
    public string? AssignedTo { get; set; }

    /// <summary>Agents who declined or missed it; they get it again only once every other fitting agent did too.</summary>
    public HashSet<string> Excluded { get; set; } = new(StringComparer.Ordinal);

    public bool IsWaiting => Facts.AnsweredAt is null && Facts.AbandonedAt is null && AssignedTo is null;
}

/// <summary>Persisted state of <see cref="QueueGrain"/> besides its items, which are kept in chunks.</summary>
public sealed class QueueState
{
    public bool Registered { get; set; }

    /// <summary>
    /// Where versions before <see cref="ChunkedRecords{TValue}"/> kept the items. Such a queue's items are read at
    /// activation and move into chunks with the queue's next write; this is then emptied.
    /// </summary>
    public Dictionary<string, QueuedItem> Items { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// D10: one queue. Holds its waiting items (persisted) and the availability its agents publish (live: desks re-publish
/// while their consoles are open). Routing picks items in the domain's priority order and agents by the domain's
/// choice, and asks the chosen agent's desk to reserve; only a yes makes an offer. The offer timeout is a timer on the
/// earliest expiry, re-armed on activation, so a timeout that passed while the queue was inactive fires at once.
/// The items are kept in chunks (<see cref="ChunkedRecords{TValue}"/>): a queue under a backlog holds thousands, and a
/// submission or an offer must cost the chunks of the items it changed, not the whole queue.
/// </summary>
public sealed partial class QueueGrain(
    [PersistentState("queue", StorageNames.Crm)] IPersistentState<QueueState> state,
    IOptions<ContactCentreOptions> options,
    TimeProvider time,
    IServiceProvider services,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain, IQueueSubmissions
{
    /// <summary>How often finished items are looked for (<see cref="Prune"/>).</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    /// <summary>The grain type of the queue's item chunks in the CRM storage.</summary>
    public const string ChunkRecordType = "queueitems";

    private readonly Dictionary<string, AgentAvailability> _agents = new(StringComparer.Ordinal);
    private IGrainTimer? _offerTimer;

    private GroupCommit<WorkItemFacts>? _submissions;
    private ChunkedRecords<QueuedItem>? _items;
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    private ChunkedRecords<QueuedItem> Items => _items ?? throw new InvalidOperationException("The queue is not loaded.");

    // Submit interleaves; the queue's state changes only in ApplySubmissions, the queue's own turn.
    private GroupCommit<WorkItemFacts> Submissions => _submissions ??= new(() => this.AsReference<IQueueSubmissions>().ApplySubmissions());

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var items = new ChunkedRecords<QueuedItem>(services, ChunkRecordType, Name);
        await items.Load(state.State.Items);
        _items = items;
        ScheduleOfferTimeout();
    }

    public Task Submit(WorkItemFacts facts) => Submissions.Add(facts);

    /// <summary>Applies every waiting submission in one turn: one state write for all of them, then routing.</summary>
    public async Task ApplySubmissions()
    {
        var stored = await Submissions.ApplyAll(async batch =>
        {
            await Register();
            foreach (var facts in batch)
                await Apply(facts);
            Prune(time.GetUtcNow());
            await Save();
        });
        if (stored)
            await Dispatch();
    }

    private async Task Apply(WorkItemFacts facts)
    {
        if (!Items.TryGetValue(facts.WorkItemId, out var item))
        {
            item = new QueuedItem { Facts = facts };
            // Finished before the figures' window began: not kept, whenever the last prune ran.
            if (CountsInNoFigure(item, time.GetUtcNow()))
                return;
            Items.Set(facts.WorkItemId, item);
        }
        else
        {
            Items.Changed(facts.WorkItemId);
            // Event times win; an accept through CrmHub stands in for an answer no event reported.
            item.Facts = facts with
            {
                AnsweredAt = facts.AnsweredAt ?? item.Facts.AnsweredAt,
                AnsweredBy = facts.AnsweredBy ?? item.Facts.AnsweredBy,
                EndedAt = facts.EndedAt ?? item.Facts.EndedAt,
            };
        }

        if (item.OfferedTo is { } offeredTo)
        {
            if (item.Facts.AbandonedAt is not null)
                await TakeBack(item, offeredTo, RevokeReasons.Abandoned);
            else if (item.Facts.AnsweredBy is { } answeredBy && answeredBy != offeredTo)
                await TakeBack(item, offeredTo, RevokeReasons.AnsweredElsewhere);
            else if (item.Facts.AnsweredAt is not null && (await Desk(offeredTo).Accept(item.Facts.WorkItemId)).Succeeded)
                (item.AssignedTo, item.OfferedTo, item.OfferExpiresAt) = (offeredTo, null, null);
        }
        if (item.AssignedTo is { } assignedTo && (item.Facts.EndedAt is not null || item.Facts.AbandonedAt is not null))
            await Desk(assignedTo).Revoke(item.Facts.WorkItemId, item.Facts.AbandonedAt is null ? RevokeReasons.Ended : RevokeReasons.Abandoned);
    }

    public async Task PublishAgent(AgentAvailability availability)
    {
        if (_agents.TryGetValue(availability.AgentId, out var known) && known.Version >= availability.Version)
            return;
        _agents[availability.AgentId] = availability;
        await Register();
        if (availability.Presence == AgentPresence.Available)
            await Dispatch();
    }

    public async Task OfferResolved(string workItemId, string agentId, OfferOutcome outcome, DateTimeOffset at)
    {
        if (!Items.TryGetValue(workItemId, out var item))
            return;
        if (outcome == OfferOutcome.Completed)
        {
            if (item.AssignedTo == agentId && item.Facts.EndedAt is null)
            {
                item.Facts = item.Facts with { EndedAt = at };
                Items.Changed(workItemId);
                await Save();
            }
            return;
        }
        if (item.OfferedTo != agentId)
        {
            if (outcome == OfferOutcome.Accepted)
                await AcceptedUnexpectedly(item, agentId, at);
            return;
        }
        Resolve(item, agentId, outcome, at);
        await Save();
        await Dispatch();
    }

    public Task<QueueReport> GetReport()
    {
        var settings = options.Value.Metrics;
        var now = time.GetUtcNow();
        var counts = QueueMetrics.Count(Items.Values.Select(Timing), now, settings);
        return Task.FromResult(QueueStats.Report(Name, now, counts, [.. _agents.Values], settings));
    }

    /// <summary>
    /// Offers every waiting item nobody holds, in priority order, to the agent the domain chooses, until no agent fits.
    /// A desk that says no (it changed since it last published) is asked no more this round.
    /// </summary>
    private async Task Dispatch()
    {
        // Only an Available agent takes an offer: without one the waiting items need not even be put in order.
        if (!_agents.Values.Any(agent => agent.Presence == AgentPresence.Available))
            return;
        var changed = false;
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var waiting = Items.Values.Where(item => item.IsWaiting && item.OfferedTo is null).ToDictionary(item => item.Facts.WorkItemId);
        foreach (var next in Routing.Prioritise(waiting.Values.Select(ToWaitingItem)))
        {
            var item = waiting[next.WorkItemId];
            while (ChooseAgent(item, next, refused) is { } agentId)
            {
                var expiresAt = time.GetUtcNow() + options.Value.OfferTimeout;
                var facts = item.Facts;
                var result = await TryReserve(agentId, new WorkOffer(facts.WorkItemId, Name, facts.CustomerId, facts.Tier,
                    facts.IsKeyAccount, facts.Channel, facts.OfferedAt, expiresAt));
                if (result?.Reserved == true)
                {
                    (item.OfferedTo, item.OfferExpiresAt) = (agentId, expiresAt);
                    Items.Changed(facts.WorkItemId);
                    changed = true;
                    LogOffered(Name, facts.WorkItemId, agentId);
                    break;
                }
                refused.Add(agentId);
            }
        }
        if (changed)
        {
            await Save();
            ScheduleOfferTimeout();
        }
    }

    /// <summary>The desk's answer (remembered as the agent's latest availability); null when the desk could not be asked.</summary>
    private async Task<ReserveResult?> TryReserve(string agentId, WorkOffer offer)
    {
        try
        {
            var result = await Desk(agentId).Reserve(offer);
            Remember(result.Availability);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReserveFailed(e, Name, offer.WorkItemId, agentId);
            return null;
        }
    }

    /// <summary>The domain's choice, first without the agents who declined or missed the item; when only they fit, a new round starts.</summary>
    private string? ChooseAgent(QueuedItem item, WaitingItem waiting, HashSet<string> refused)
    {
        var candidates = _agents.Values.Select(agent => ToCandidate(agent, waiting.Channel)).ToList();
        if (Routing.ChooseAgent(waiting, candidates, new HashSet<string>(refused.Concat(item.Excluded), StringComparer.Ordinal)) is { } agentId)
            return agentId;
        if (item.Excluded.Count == 0 || Routing.ChooseAgent(waiting, candidates, refused) is not { } again)
            return null;
        item.Excluded.Clear();
        Items.Changed(item.Facts.WorkItemId);
        return again;
    }

    private void Resolve(QueuedItem item, string agentId, OfferOutcome outcome, DateTimeOffset at)
    {
        Items.Changed(item.Facts.WorkItemId);
        (item.OfferedTo, item.OfferExpiresAt) = (null, null);
        switch (outcome)
        {
            case OfferOutcome.Accepted:
                item.AssignedTo = agentId;
                item.Facts = item.Facts with { AnsweredAt = item.Facts.AnsweredAt ?? at, AnsweredBy = item.Facts.AnsweredBy ?? agentId };
                break;
            case OfferOutcome.Declined or OfferOutcome.Expired:
                item.Excluded.Add(agentId);
                break;
        }
        LogOfferResolved(Name, item.Facts.WorkItemId, agentId, outcome);
    }

    /// <summary>
    /// An agent accepted an offer this queue no longer holds for it (it lost the offer with a failed write and offered
    /// the item elsewhere). The first acceptance wins: a pending offer to someone else is taken back; an item already
    /// taken is taken back from this agent. So an item is never worked on by two agents.
    /// </summary>
    private async Task AcceptedUnexpectedly(QueuedItem item, string agentId, DateTimeOffset at)
    {
        if (item.AssignedTo is null && item.Facts.AbandonedAt is null && (item.Facts.AnsweredBy ?? agentId) == agentId)
        {
            if (item.OfferedTo is { } other)
                await TakeBack(item, other, RevokeReasons.AnsweredElsewhere);
            (item.OfferedTo, item.OfferExpiresAt) = (agentId, null);
            Resolve(item, agentId, OfferOutcome.Accepted, at);
            await Save();
            ScheduleOfferTimeout();
        }
        else if (item.AssignedTo != agentId)
        {
            await Desk(agentId).Revoke(item.Facts.WorkItemId, item.Facts.AbandonedAt is null ? RevokeReasons.AnsweredElsewhere : RevokeReasons.Abandoned);
        }
    }

    private async Task TakeBack(QueuedItem item, string agentId, string reason)
    {
        Items.Changed(item.Facts.WorkItemId);
        (item.OfferedTo, item.OfferExpiresAt) = (null, null);
        await Desk(agentId).Revoke(item.Facts.WorkItemId, reason);
    }

    private void ScheduleOfferTimeout()
    {
        _offerTimer?.Dispose();
        _offerTimer = null;
        var next = Items.Values.Where(item => item.OfferExpiresAt is not null).Min(item => item.OfferExpiresAt);
        if (next is { } at)
        {
            var dueIn = at - time.GetUtcNow();
            _offerTimer = this.RegisterGrainTimer(ExpireOffers, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Every offer past its timeout: the desk says what became of it (it may have been accepted just in time).</summary>
    private async Task ExpireOffers()
    {
        var now = time.GetUtcNow();
        var due = Items.Values.Where(item => item.OfferExpiresAt <= now).ToList();
        foreach (var item in due)
        {
            if (item.OfferedTo is not { } agentId)
                continue;
            try
            {
                Resolve(item, agentId, await Desk(agentId).Expire(item.Facts.WorkItemId), now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The offer stays; the next timer asks again.
                LogExpireFailed(e, Name, item.Facts.WorkItemId, agentId);
                item.OfferExpiresAt = now + options.Value.OfferTimeout;
                Items.Changed(item.Facts.WorkItemId);
            }
        }
        if (due.Count > 0)
            await Save();
        ScheduleOfferTimeout();
        await Dispatch();
    }

    /// <summary>
    /// Finished items (ended or abandoned) leave once they count in no figure any more (the domain's window rule). The
    /// look goes over every item, so it is taken at most once per <see cref="PruneInterval"/>: the figures skip such
    /// items anyway, and a busy queue gets submissions many times a second.
    /// </summary>
    private void Prune(DateTimeOffset now)
    {
        if (now < _prunedAt + PruneInterval)
            return;
        _prunedAt = now;
        foreach (var item in Items.Values.Where(item => CountsInNoFigure(item, now)).ToList())
            Items.Remove(item.Facts.WorkItemId);
    }

    /// <summary>An item nobody is offered that finished before the figures' window (the domain's window rule).</summary>
    private bool CountsInNoFigure(QueuedItem item, DateTimeOffset now) =>
        item.OfferedTo is null && QueueMetrics.IsOutsideWindow(Timing(item), now, options.Value.Metrics);

    /// <summary>Writes the chunks of the items changed since the last save (and empties a whole-state copy of an earlier version).</summary>
    private Task Save() => Items.Save(this, state, whole => whole.Items);

    private async Task Register()
    {
        if (state.State.Registered)
            return;
        await GrainFactory.GetGrain<IQueueDirectoryGrain>(IQueueDirectoryGrain.ClusterKey).Register(Name);
        state.State.Registered = true;
        await state.WriteOrRevertAsync(this);
    }

    private void Remember(AgentAvailability availability)
    {
        if (!_agents.TryGetValue(availability.AgentId, out var known) || known.Version < availability.Version)
            _agents[availability.AgentId] = availability;
    }

    private IAgentDeskGrain Desk(string agentId) => GrainFactory.GetGrain<IAgentDeskGrain>(agentId);

    private static WaitingItem ToWaitingItem(QueuedItem item) => new(
        item.Facts.WorkItemId,
        item.Facts.Tier,
        item.Facts.IsKeyAccount,
        item.Facts.KeyAccountManagerId,
        item.Facts.OfferedAt,
        item.Facts.Channel,
        [.. item.Facts.RequiredSkills.Select(SkillRequirement.Parse)]);

    private static RoutingCandidate ToCandidate(AgentAvailability agent, ContactChannel channel) => new(
        agent.AgentId,
        agent.Presence,
        SkillRequirement.ParseSkills(agent.Skills),
        agent.FreeCapacity.For(channel),
        agent.Occupancy,
        agent.IdleSince);

    private static ContactTiming Timing(QueuedItem item) => new(
        item.Facts.WorkItemId, item.Facts.OfferedAt, item.Facts.AnsweredAt, item.Facts.AbandonedAt, item.Facts.EndedAt, item.Facts.WrapUpSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue}: {WorkItemId} offered to {AgentId}")]
    private partial void LogOffered(string queue, string workItemId, string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue}: offer of {WorkItemId} to {AgentId} ended: {Outcome}")]
    private partial void LogOfferResolved(string queue, string workItemId, string agentId, OfferOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: {AgentId} could not be asked to reserve {WorkItemId}")]
    private partial void LogReserveFailed(Exception exception, string queue, string workItemId, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: asking {AgentId} about the offer of {WorkItemId} failed; asking again later")]
    private partial void LogExpireFailed(Exception exception, string queue, string workItemId, string agentId);
}

/// <summary>The queue's own turn for applying the submissions that arrived together (called by the queue itself).</summary>
public interface IQueueSubmissions : IGrainWithStringKey
{
    Task ApplySubmissions();
}
