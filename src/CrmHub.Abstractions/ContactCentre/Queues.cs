using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using Orleans.Concurrency;

namespace CrmHub.Abstractions.ContactCentre;

/// <summary>
/// D10: what is known of one work item (a contact or a complaint), every time from its events. A queue merges the
/// facts it is sent, so sending them again changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.WorkItemFacts")]
public sealed record WorkItemFacts(
    [property: Id(0)] string WorkItemId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] ContactChannel Channel,
    [property: Id(3)] ImmutableArray<string> RequiredSkills,
    [property: Id(4)] Tier Tier,
    [property: Id(5)] bool IsKeyAccount,
    [property: Id(6)] string? KeyAccountManagerId,
    [property: Id(7)] DateTimeOffset OfferedAt,
    [property: Id(8)] DateTimeOffset? AnsweredAt = null,
    [property: Id(9)] string? AnsweredBy = null,
    [property: Id(10)] DateTimeOffset? AbandonedAt = null,
    [property: Id(11)] DateTimeOffset? EndedAt = null,
    [property: Id(12)] double WrapUpSeconds = 0);

/// <summary>D10: the live figures of one queue (<see cref="Queue"/>) or of all queues (queue <c>*</c>).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.QueueStatsSnapshot")]
public sealed record QueueStatsSnapshot(
    [property: Id(0)] string Queue,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] int Waiting,
    [property: Id(3)] double LongestWaitSeconds,
    [property: Id(4)] double? ServiceLevel,
    [property: Id(5)] double ServiceLevelTarget,
    [property: Id(6)] double ServiceLevelThresholdSeconds,
    [property: Id(7)] double? AverageSpeedOfAnswerSeconds,
    [property: Id(8)] double? AbandonmentRate,
    [property: Id(9)] double? AverageHandleTimeSeconds,
    [property: Id(10)] int Offered,
    [property: Id(11)] int Answered,
    [property: Id(12)] int Abandoned,
    [property: Id(13)] ImmutableSortedDictionary<AgentPresence, int> AgentsByPresence,
    [property: Id(14)] int AgentsAvailable,
    [property: Id(15)] double? Occupancy,
    [property: Id(16)] int? AgentsNeeded)
{
    /// <summary>The queue name of the overall snapshot.</summary>
    public const string Overall = "*";

    /// <summary>Whether the figures (everything but <see cref="AsOf"/>) are the same: only a change is pushed.</summary>
    public bool SameFiguresAs(QueueStatsSnapshot? other) =>
        other is not null && this with { AsOf = other.AsOf, AgentsByPresence = other.AgentsByPresence } == other
        && AgentsByPresence.SequenceEqual(other.AgentsByPresence);
}

/// <summary>
/// The raw counts behind a snapshot (the domain's queue counts as they cross the wire), so several queues combine
/// into the overall view exactly.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.QueueCountsData")]
public sealed record QueueCountsData(
    [property: Id(0)] int Waiting,
    [property: Id(1)] double LongestWaitSeconds,
    [property: Id(2)] int Offered,
    [property: Id(3)] int Answered,
    [property: Id(4)] int AnsweredWithinThreshold,
    [property: Id(5)] int Abandoned,
    [property: Id(6)] int AbandonedAfterThreshold,
    [property: Id(7)] double TotalAnswerWaitSeconds,
    [property: Id(8)] int Handled,
    [property: Id(9)] double TotalHandleSeconds,
    [property: Id(10)] TimeSpan Window);

/// <summary>One queue's report: its snapshot, the counts behind it and the agents serving it.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.QueueReport")]
public sealed record QueueReport(
    [property: Id(0)] QueueStatsSnapshot Snapshot,
    [property: Id(1)] QueueCountsData Counts,
    [property: Id(2)] ImmutableArray<AgentAvailability> Agents);

/// <summary>
/// D10: one queue's waiting work items, the routing of each (offered to whom, until when, declined by whom) and the
/// timings of recent contacts for its figures. Agents who serve the queue publish their availability to it, so
/// routing needs no call to a grain shared by every queue. Key: the queue name.
/// </summary>
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds or updates a work item from its facts (idempotent) and returns once they are stored; routing follows.
    /// Interleaving, so submissions that arrive together are applied in one turn and stored with one write.
    /// </summary>
    [AlwaysInterleave]
    Task Submit(WorkItemFacts facts);

    /// <summary>An agent's availability changed (or is renewed). One-way: desks never wait for queues.</summary>
    [OneWay]
    Task PublishAgent(AgentAvailability availability);

    /// <summary>An offer ended at the desk (accepted, declined, released). One-way: desks never wait for queues.</summary>
    [OneWay]
    Task OfferResolved(string workItemId, string agentId, OfferOutcome outcome, DateTimeOffset at);

    Task<QueueReport> GetReport();
}

/// <summary>The names of every queue ever used; read by the supervisor view, never on a contact's path. Key: <see cref="ClusterKey"/>.</summary>
public interface IQueueDirectoryGrain : IGrainWithStringKey
{
    const string ClusterKey = "cluster";

    Task Register(string queue);

    Task<ImmutableArray<string>> GetQueues();
}

/// <summary>
/// D10: one contact (key: its <c>contactId</c>) as its lifecycle events tell it: stores the events' facts and keys
/// durably, then hands the facts to the contact's queue (retrying until the queue has them).
/// </summary>
public interface IContactGrain : IGrainWithStringKey
{
    /// <summary>Applies this contact's events; returns once they are stored. Events seen before are duplicates.</summary>
    Task<ImmutableArray<Events.IngestStatus>> Apply(ImmutableArray<Events.InteractionEvent> events);
}
