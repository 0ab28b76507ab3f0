using System.Collections.Immutable;

namespace CrmHub.Abstractions.Events;

/// <summary>
/// One validated interaction event (a CloudEvent whose subject is the customer id).
/// Its dedup key is (<see cref="Source"/>, <see cref="Id"/>), as in CloudEvents.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.InteractionEvent")]
public sealed record InteractionEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] EventPayload Data)
{
    public EventKey Key => new(Source, Id);
}

/// <summary>The CloudEvents identity of an event: unique per (source, id).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.EventKey")]
public readonly record struct EventKey([property: Id(0)] string Source, [property: Id(1)] string Id)
{
    /// <summary>A single string form, used as a dictionary key in persisted state.</summary>
    public override string ToString() => $"{Source.Length}:{Source}{Id}";
}

/// <summary>What happened to one event of a batch.</summary>
[GenerateSerializer]
public enum IngestStatus
{
    Accepted,
    Duplicate,
}

/// <summary>The outcome of applying one customer's events, aligned with the events sent.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.IngestResult")]
public sealed record IngestResult([property: Id(0)] ImmutableArray<IngestStatus> Statuses);
