using WorkChannel = CrmHub.Abstractions.ContactCentre.ContactChannel;
using CrmHub.Abstractions.Events;

namespace CrmHub.Host.Apis.Events;

public static partial class CloudEventParser
{
    /// <summary>D10: the <c>data</c> of the contact-centre lifecycle events; every one names its <c>contactId</c>.</summary>
    private static ContactCentreEvent? ReadContactCentrePayload(string type, FieldReader data)
    {
        var contactId = data.Identifier("contactId", required: true) ?? "";
        ContactCentreEvent? payload = type switch
        {
            EventTypes.ContactOffered => new ContactOffered
            {
                Channel = data.Enum<WorkChannel>("channel", required: true) ?? default,
                Queue = data.Identifier("queue", required: true) ?? "",
                RequiredSkills = data.Skills("requiredSkills"),
            },
            EventTypes.ContactAnswered => new ContactAnswered { AgentId = data.Identifier("agentId", required: true) ?? "" },
            EventTypes.ContactAbandoned => new ContactAbandoned(),
            EventTypes.ContactEnded => new ContactEnded { WrapUpSeconds = (double)(data.Amount("wrapUpSeconds") ?? 0) },
            _ => null,
        };
        return payload is null ? null : payload with { ContactId = contactId };
    }
}
