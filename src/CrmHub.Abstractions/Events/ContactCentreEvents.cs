using System.Collections.Immutable;

namespace CrmHub.Abstractions.Events;

/// <summary>
/// D10: a contact-centre lifecycle event of one contact (<see cref="ContactId"/>). These go to the contact's grain, not
/// to the customer's record; all timing comes from the event's <c>time</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("crmhub.ContactCentreEvent")]
public abstract record ContactCentreEvent : EventPayload
{
    [Id(0)]
    public string ContactId { get; init; } = "";
}

/// <summary><c>crm.contact.offered</c>: a call, chat or e-mail waits in <see cref="Queue"/> for an agent.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ContactOffered")]
public sealed record ContactOffered : ContactCentreEvent
{
    [Id(0)]
    public ContactCentre.ContactChannel Channel { get; init; }

    [Id(1)]
    public string Queue { get; init; } = "";

    [Id(2)]
    public ImmutableArray<string> RequiredSkills { get; init; } = [];

    public override string EventType => EventTypes.ContactOffered;
}

/// <summary><c>crm.contact.answered</c>: an agent answered the contact.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ContactAnswered")]
public sealed record ContactAnswered : ContactCentreEvent
{
    [Id(0)]
    public string AgentId { get; init; } = "";

    public override string EventType => EventTypes.ContactAnswered;
}

/// <summary><c>crm.contact.abandoned</c>: the customer gave up waiting.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ContactAbandoned")]
public sealed record ContactAbandoned : ContactCentreEvent
{
    public override string EventType => EventTypes.ContactAbandoned;
}

/// <summary><c>crm.contact.ended</c>: the contact is over; <see cref="WrapUpSeconds"/> of after-call work followed.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ContactEnded")]
public sealed record ContactEnded : ContactCentreEvent
{
    [Id(0)]
    public double WrapUpSeconds { get; init; }

    public override string EventType => EventTypes.ContactEnded;
}
