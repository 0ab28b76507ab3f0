using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.ContactCentre;

/// <summary>
/// Memory storage and default contact-centre settings (offer timeout 20 s, 3 missed offers, 30 s offline grace) in a
/// cluster of its own: these tests move the clock by minutes, which must not age what other tests keep.
/// </summary>
public sealed class ContactCentreCluster : CrmCluster
{
    public const string Collection = "contact centre cluster";

    public static TimeSpan OfferTimeout { get; } = new ContactCentreOptions().OfferTimeout;

    protected override void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Crm);

    public IAgentDeskGrain Desk(string agentId) => Grains.GetGrain<IAgentDeskGrain>(agentId);

    public IQueueGrain Queue(string name) => Grains.GetGrain<IQueueGrain>(name);
}

[CollectionDefinition(ContactCentreCluster.Collection)]
public sealed class ContactCentreClusterCollection : ICollectionFixture<ContactCentreCluster>;

/// <summary>One test's agents and queue, with fresh keys, and the moves of the shared clock.</summary>
public sealed class ContactCentreScene(ContactCentreCluster cluster)
{
    public const string Silo = "test-silo";

    private readonly List<string> _online = [];

    public string QueueName { get; } = Build.Key("queue");

    public IQueueGrain Queue => cluster.Queue(QueueName);

    /// <summary>An agent serving the scene's queue, with a console open and Available (unless told otherwise).</summary>
    public async Task<string> Agent(string prefix = "agent", ImmutableArray<string>? skills = null, ChannelCapacity? capacity = null, bool available = true)
    {
        var agentId = Build.Key(prefix);
        var desk = cluster.Desk(agentId);
        await desk.UpdateProfile(new AgentProfile([QueueName], skills ?? [], capacity ?? new ChannelCapacity(1, 0, 0)));
        await desk.ReportConsoles(Silo, 1);
        _online.Add(agentId);
        if (available)
            (await desk.SetPresence(AgentPresence.Available)).Succeeded.ShouldBeTrue();
        // Publishing is one-way: wait until the queue knows the agent as the desk is now.
        var presence = (await desk.GetView()).Presence;
        await Eventually.True(async () => (await Queue.GetReport()).Agents.Any(agent => agent.AgentId == agentId && agent.Presence == presence),
            $"the queue should know {agentId} as {presence}");
        return agentId;
    }

    /// <summary>
    /// Moves the clock once the queue's turn in progress is over; the consoles of agents still online are renewed as
    /// their silo would.
    /// </summary>
    /// <remarks>
    /// A desk holds an offer before its queue, later in the same turn, arms the offer's timer from the time it read
    /// then. A clock moved between the two would push that timer a whole step late, so the move waits for the turn:
    /// the queue answers the report only after it.
    /// </remarks>
    public async Task Advance(TimeSpan by)
    {
        await Queue.GetReport();
        cluster.Clock.Advance(by);
        foreach (var agentId in _online)
            await cluster.Desk(agentId).ReportConsoles(Silo, 1);
    }

    /// <summary>The agent's console closes (the silo reports zero) and is not renewed any more.</summary>
    public Task Disconnect(string agentId)
    {
        _online.Remove(agentId);
        return cluster.Desk(agentId).ReportConsoles(Silo, 0);
    }

    public static WorkItemFacts Item(string? id = null, Tier tier = Tier.Lead, DateTimeOffset? offeredAt = null,
        ContactChannel channel = ContactChannel.Voice, ImmutableArray<string>? skills = null, string? keyAccountManager = null) =>
        new(id ?? Build.Key("item"), Build.Key("cust"), channel, skills ?? [], tier, keyAccountManager is not null, keyAccountManager,
            offeredAt ?? CrmCluster.Start);

    public async Task<AgentWorkItem?> Holding(string agentId, string workItemId) =>
        (await cluster.Desk(agentId).GetView()).WorkItems.FirstOrDefault(item => item.WorkItemId == workItemId);

    /// <summary>Waits until the agent holds the item in the given state.</summary>
    public Task Holds(string agentId, string workItemId, WorkItemState state = WorkItemState.Offered) =>
        Eventually.True(async () => (await Holding(agentId, workItemId))?.State == state, $"{agentId} should hold {workItemId} as {state}");

    /// <summary>Who holds the item right now, among <paramref name="agentIds"/>.</summary>
    public async Task<string[]> Holders(string workItemId, params string[] agentIds)
    {
        var holders = new List<string>();
        foreach (var agentId in agentIds)
        {
            if (await Holding(agentId, workItemId) is not null)
                holders.Add(agentId);
        }
        return [.. holders];
    }

    public async Task<T[]> Notices<T>(string agentId) where T : NotificationData =>
        [.. (await cluster.Agent(agentId).Resync(0)).Items.Select(notification => notification.Data).OfType<T>()];
}
