using System.Collections.Immutable;
using System.Globalization;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.ContactCentre;

/// <summary>Persisted state of <see cref="AgentDeskGrain"/>.</summary>
public sealed class AgentDeskState
{
    /// <summary>The profile set by <c>PUT /api/v1/agents/{id}</c>; null: the configured one.</summary>
    public AgentProfile? Profile { get; set; }

    /// <summary>What the agent chose last (Available, Break or AfterCallWork); Busy is derived from it.</summary>
    public AgentPresence Chosen { get; set; } = AgentPresence.Break;

    public bool Offline { get; set; } = true;

    /// <summary>The presence last told to the agent and to the queues, since when and why.</summary>
    public AgentPresence Presence { get; set; } = AgentPresence.Offline;

    public DateTimeOffset PresenceSince { get; set; }

    public string? PresenceReason { get; set; }

    public ImmutableList<AgentWorkItem> WorkItems { get; set; } = [];

    public int MissedOffersInARow { get; set; }

    /// <summary>When the agent last had no work (routing prefers the longest idle).</summary>
    public DateTimeOffset IdleSince { get; set; }

    /// <summary>Items this agent accepted recently, so a late offer timeout is answered "accepted", never "re-offer".</summary>
    public ImmutableList<string> RecentlyAccepted { get; set; } = [];

    /// <summary>Numbers the notifications of this desk (their idempotency keys).</summary>
    public long NotificationCounter { get; set; }
}

/// <summary>
/// D10: one agent's desk. It alone decides its capacity: a queue's <see cref="Reserve"/> succeeds only while the agent is
/// Available with room on the item's channel, and grain calls run one at a time, so two queues racing for the last
/// free slot get one yes and one no. Changes are published one-way to the queues the agent serves (its teams); the desk
/// never waits for a queue, so queue → desk calls cannot deadlock.
/// </summary>
public sealed partial class AgentDeskGrain(
    [PersistentState("desk", StorageNames.Crm)] IPersistentState<AgentDeskState> state,
    IStaffDirectory staff,
    IOptions<ContactCentreOptions> options,
    IOptions<RealtimeOptions> realtime,
    TimeProvider time,
    ILogger<AgentDeskGrain> logger) : Grain, IAgentDeskGrain
{
    /// <summary>How many accepted item ids are remembered for late offer timeouts.</summary>
    private const int RecentlyAcceptedKept = 200;

    // Console leases are live, not persisted: silos re-report them, and a silent silo's lease runs out.
    private readonly Dictionary<string, (int Count, DateTimeOffset ExpiresAt)> _consoles = new(StringComparer.Ordinal);
    private DateTimeOffset? _noConsoleSince;
    private IGrainTimer? _consoleCheck;
    private IGrainTimer? _offerBackstop;
    private long _version;

    private string AgentId => this.GetPrimaryKeyString();

    private AgentProfile Profile => state.State.Profile ?? staff.Find(AgentId)?.Profile ?? new AgentProfile([], [], ChannelCapacity.Default);

    private ContactCentreOptions Settings => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Nobody has reported consoles to this activation yet: unless a silo does within the grace period, the agent is offline.
        if (!state.State.Offline)
        {
            _noConsoleSince = time.GetUtcNow();
            ScheduleConsoleCheck();
        }
        return Task.CompletedTask;
    }

    public Task<AgentDeskView> GetView() => Task.FromResult(View());

    public async Task<AgentDeskView> UpdateProfile(AgentProfile profile)
    {
        var leftQueues = Profile.Teams.Except(profile.Teams, StringComparer.Ordinal).ToList();
        state.State.Profile = profile;
        await ApplyPresence("profile changed");
        // Queues the agent no longer serves see it leave as Offline.
        foreach (var queue in leftQueues)
            await GrainFactory.GetGrain<IQueueGrain>(queue).PublishAgent(Availability() with { Presence = AgentPresence.Offline });
        return View();
    }

    public async Task<DeskActionResult> SetPresence(AgentPresence presence)
    {
        if (presence is not (AgentPresence.Available or AgentPresence.Break or AgentPresence.AfterCallWork))
            return new DeskActionResult(DeskActionOutcome.NotAllowed, $"{presence} is set automatically; choose Available, Break or AfterCallWork.");

        // Only a console calls this, so the agent is evidently online.
        state.State.Offline = false;
        state.State.Chosen = presence;
        if (presence == AgentPresence.Available)
            state.State.MissedOffersInARow = 0;
        await ApplyPresence("set by the agent", persistAnyway: true);
        return DeskActionResult.Done;
    }

    public async Task ReportConsoles(string siloId, int openConsoles)
    {
        var now = time.GetUtcNow();
        if (openConsoles > 0)
            _consoles[siloId] = (openConsoles, now + realtime.Value.Lease);
        else
            _consoles.Remove(siloId);

        if (LiveConsoles(now) > 0)
        {
            _noConsoleSince = null;
            if (state.State.Offline)
            {
                // Signing in starts on Break: work is offered only once the agent says Available.
                state.State.Offline = false;
                state.State.Chosen = AgentPresence.Break;
                await ApplyPresence("console opened");
            }
            else
            {
                Publish();
            }
        }
        else
        {
            _noConsoleSince ??= now;
        }
        ScheduleConsoleCheck();
    }

    public async Task<ReserveResult> Reserve(WorkOffer offer)
    {
        if (state.State.WorkItems.Any(item => item.WorkItemId == offer.WorkItemId))
            return new ReserveResult(true, Availability());
        if (EffectivePresence() != AgentPresence.Available || FreeOn(offer.Channel) <= 0)
            return new ReserveResult(false, Availability());

        var now = time.GetUtcNow();
        state.State.WorkItems = state.State.WorkItems.Add(
            new AgentWorkItem(offer.WorkItemId, offer.Queue, offer.Channel, offer.CustomerId, WorkItemState.Offered, now, offer.ExpiresAt));
        await ApplyPresence("at capacity", persistAnyway: true);
        await Notify(new Assignment(offer.WorkItemId, offer.CustomerId, offer.Queue, offer.Tier, offer.IsKeyAccount,
            offer.Channel, offer.OfferedAt, offer.ExpiresAt));
        return new ReserveResult(true, Availability());
    }

    public async Task<OfferOutcome> Expire(string workItemId)
    {
        if (Find(workItemId) is not { } item)
            return state.State.RecentlyAccepted.Contains(workItemId) ? OfferOutcome.Accepted : OfferOutcome.Released;
        if (item.State == WorkItemState.Accepted)
            return OfferOutcome.Accepted;

        state.State.WorkItems = state.State.WorkItems.Remove(item);
        state.State.MissedOffersInARow++;
        var reason = "capacity freed";
        if (state.State.MissedOffersInARow >= Settings.MaxMissedOffers && state.State.Chosen == AgentPresence.Available)
        {
            state.State.Chosen = AgentPresence.Break;
            reason = string.Create(CultureInfo.InvariantCulture, $"{state.State.MissedOffersInARow} offers missed in a row");
        }
        LogOfferMissed(AgentId, workItemId, state.State.MissedOffersInARow);
        await ApplyPresence(reason, persistAnyway: true);
        await Notify(new AssignmentRevoked(workItemId, RevokeReasons.Expired));
        return OfferOutcome.Expired;
    }

    public async Task Revoke(string workItemId, string reason)
    {
        if (Find(workItemId) is not { } item)
            return;
        state.State.WorkItems = state.State.WorkItems.Remove(item);
        if (state.State.WorkItems.IsEmpty)
            state.State.IdleSince = time.GetUtcNow();
        await ApplyPresence("capacity freed", persistAnyway: true);
        if (reason != RevokeReasons.Ended)
            await Notify(new AssignmentRevoked(workItemId, reason));
    }

    public async Task<DeskActionResult> Accept(string workItemId)
    {
        if (Find(workItemId) is not { } item)
            return NotYours(workItemId);
        if (item.State == WorkItemState.Accepted)
            return DeskActionResult.Done;

        var now = time.GetUtcNow();
        state.State.WorkItems = state.State.WorkItems.Replace(item, item with { State = WorkItemState.Accepted, Since = now, ExpiresAt = null });
        state.State.MissedOffersInARow = 0;
        state.State.RecentlyAccepted = state.State.RecentlyAccepted.Add(workItemId) is var accepted && accepted.Count > RecentlyAcceptedKept
            ? accepted.RemoveAt(0)
            : accepted;
        await ApplyPresence("accepted work", persistAnyway: true);
        await GrainFactory.GetGrain<IQueueGrain>(item.Queue).OfferResolved(workItemId, AgentId, OfferOutcome.Accepted, now);
        return DeskActionResult.Done;
    }

    public async Task<DeskActionResult> Decline(string workItemId)
    {
        if (Find(workItemId) is not { } item)
            return NotYours(workItemId);
        if (item.State == WorkItemState.Accepted)
            return new DeskActionResult(DeskActionOutcome.NotAllowed, $"Work item '{workItemId}' is already accepted; complete it instead.");

        state.State.WorkItems = state.State.WorkItems.Remove(item);
        await ApplyPresence("capacity freed", persistAnyway: true);
        await GrainFactory.GetGrain<IQueueGrain>(item.Queue).OfferResolved(workItemId, AgentId, OfferOutcome.Declined, time.GetUtcNow());
        return DeskActionResult.Done;
    }

    public async Task<DeskActionResult> Complete(string workItemId)
    {
        if (Find(workItemId) is not { } item)
            return NotYours(workItemId);
        if (item.State != WorkItemState.Accepted)
            return new DeskActionResult(DeskActionOutcome.NotAccepted, $"Work item '{workItemId}' is offered to you but not accepted yet.");

        var now = time.GetUtcNow();
        state.State.WorkItems = state.State.WorkItems.Remove(item);
        if (state.State.WorkItems.IsEmpty)
            state.State.IdleSince = now;
        await ApplyPresence("capacity freed", persistAnyway: true);
        await GrainFactory.GetGrain<IQueueGrain>(item.Queue).OfferResolved(workItemId, AgentId, OfferOutcome.Completed, now);
        return DeskActionResult.Done;
    }

    /// <summary>
    /// Persists the state when <paramref name="persistAnyway"/> or the presence changed, tells the agent about a
    /// presence change (with <paramref name="reason"/>) and publishes the availability to the agent's queues.
    /// </summary>
    private async Task ApplyPresence(string reason, bool persistAnyway = false)
    {
        var presence = EffectivePresence();
        var changed = presence != state.State.Presence;
        if (changed)
        {
            state.State.Presence = presence;
            state.State.PresenceSince = time.GetUtcNow();
            state.State.PresenceReason = reason;
            if (presence == AgentPresence.Available && state.State.WorkItems.IsEmpty)
                state.State.IdleSince = state.State.PresenceSince;
        }
        if (changed || persistAnyway)
            await state.WriteOrRevertAsync(this);
        if (changed)
            await Notify(new PresenceChanged(presence, state.State.PresenceSince, reason));
        Publish();
        ScheduleOfferBackstop();
    }

    /// <summary>
    /// The queue times offers out; should it not (it lost the offer with a failed write, or cannot reach this desk),
    /// the desk takes an offer back itself one offer timeout after it expired, so capacity is never held forever.
    /// </summary>
    private void ScheduleOfferBackstop()
    {
        _offerBackstop?.Dispose();
        _offerBackstop = null;
        var next = state.State.WorkItems.Where(item => item.State == WorkItemState.Offered).Min(item => item.ExpiresAt);
        if (next is { } expiresAt)
        {
            var dueIn = expiresAt + Settings.OfferTimeout - time.GetUtcNow();
            _offerBackstop = this.RegisterGrainTimer(ExpireForgottenOffers, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task ExpireForgottenOffers()
    {
        var now = time.GetUtcNow();
        var forgotten = state.State.WorkItems
            .Where(item => item.State == WorkItemState.Offered && item.ExpiresAt + Settings.OfferTimeout <= now)
            .ToList();
        foreach (var item in forgotten)
        {
            await Expire(item.WorkItemId);
            await GrainFactory.GetGrain<IQueueGrain>(item.Queue).OfferResolved(item.WorkItemId, AgentId, OfferOutcome.Expired, now);
        }
        ScheduleOfferBackstop();
    }

    private AgentPresence EffectivePresence()
    {
        if (state.State.Offline)
            return AgentPresence.Offline;
        if (state.State.Chosen == AgentPresence.Available && !Enum.GetValues<ContactChannel>().Any(channel => FreeOn(channel) > 0))
            return AgentPresence.Busy;
        return state.State.Chosen;
    }

    private int FreeOn(ContactChannel channel) =>
        Math.Max(0, Profile.Capacity.For(channel) - state.State.WorkItems.Count(item => item.Channel == channel));

    private double Occupancy() =>
        Profile.Capacity.Total is > 0 and var total ? Math.Min(1, (double)state.State.WorkItems.Count / total) : 0;

    private AgentAvailability Availability()
    {
        _version = Math.Max(_version + 1, time.GetUtcNow().UtcTicks);
        return new AgentAvailability(
            AgentId,
            _version,
            EffectivePresence(),
            Profile.Skills,
            new ChannelCapacity(FreeOn(ContactChannel.Voice), FreeOn(ContactChannel.Chat), FreeOn(ContactChannel.Email)),
            Occupancy(),
            state.State.IdleSince);
    }

    /// <summary>One-way to every queue the agent serves: queues never hold the desk up.</summary>
    private void Publish()
    {
        var availability = Availability();
        foreach (var queue in Profile.Teams)
            _ = GrainFactory.GetGrain<IQueueGrain>(queue).PublishAgent(availability);
    }

    private async Task Notify(NotificationData data)
    {
        state.State.NotificationCounter++;
        var key = string.Create(CultureInfo.InvariantCulture, $"{data.Kind}:{AgentId}:{state.State.NotificationCounter}");
        try
        {
            // The counter only makes keys unique; losing its increment after a failed write merely skips a number.
            await GrainFactory.GetGrain<IAgentGrain>(AgentId).Deliver(new NotificationDraft(key, time.GetUtcNow(), data));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The desk's state is the truth (GET /api/v1/agents); a lost offer notice only lets the offer time out.
            LogNotifyFailed(e, AgentId, data.Kind);
        }
    }

    private AgentWorkItem? Find(string workItemId) => state.State.WorkItems.FirstOrDefault(item => item.WorkItemId == workItemId);

    private static DeskActionResult NotYours(string workItemId) =>
        new(DeskActionOutcome.NotOfferedToYou, $"Work item '{workItemId}' is not offered to you (unknown, expired or taken by someone else).");

    private int LiveConsoles(DateTimeOffset now)
    {
        foreach (var expired in _consoles.Where(entry => entry.Value.ExpiresAt <= now).Select(entry => entry.Key).ToList())
        {
            _consoles.Remove(expired);
            _noConsoleSince ??= now;
        }
        return _consoles.Values.Sum(entry => entry.Count);
    }

    /// <summary>One timer for the next instant console presence can change: a lease running out, or the grace period ending.</summary>
    private void ScheduleConsoleCheck()
    {
        _consoleCheck?.Dispose();
        _consoleCheck = null;
        DateTimeOffset? next = _noConsoleSince is { } since && !state.State.Offline
            ? since + Settings.OfflineGrace
            : _consoles.Count > 0 ? _consoles.Values.Min(entry => entry.ExpiresAt) : null;
        if (next is { } at)
        {
            var dueIn = at - time.GetUtcNow();
            _consoleCheck = this.RegisterGrainTimer(CheckConsoles, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task CheckConsoles()
    {
        var now = time.GetUtcNow();
        if (LiveConsoles(now) == 0 && !state.State.Offline && _noConsoleSince is { } since && now >= since + Settings.OfflineGrace)
            await GoOffline();
        ScheduleConsoleCheck();
    }

    /// <summary>The last console is gone for the grace period: Offline, and offers still pending go back to their queues at once.</summary>
    private async Task GoOffline()
    {
        var released = state.State.WorkItems.Where(item => item.State == WorkItemState.Offered).ToList();
        state.State.Offline = true;
        state.State.Chosen = AgentPresence.Break;
        state.State.WorkItems = state.State.WorkItems.RemoveRange(released);
        await ApplyPresence("no console open", persistAnyway: true);
        var now = time.GetUtcNow();
        foreach (var item in released)
            await GrainFactory.GetGrain<IQueueGrain>(item.Queue).OfferResolved(item.WorkItemId, AgentId, OfferOutcome.Released, now);
    }

    private AgentDeskView View()
    {
        var profile = Profile;
        return new AgentDeskView(
            AgentId,
            staff.Find(AgentId)?.DisplayName,
            EffectivePresence(),
            state.State.PresenceSince,
            state.State.PresenceReason,
            profile.Teams,
            profile.Skills,
            profile.Capacity,
            [.. state.State.WorkItems],
            Occupancy(),
            state.State.MissedOffersInARow);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} missed the offer of {WorkItemId} ({Missed} in a row)")]
    private partial void LogOfferMissed(string agentId, string workItemId, int missed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId}: the {Kind} notification could not be delivered")]
    private partial void LogNotifyFailed(Exception exception, string agentId, string kind);
}
