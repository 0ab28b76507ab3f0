using System.Text.Json.Nodes;
using CrmHub.Abstractions.Events;
using static CrmHub.Host.Tests.Apis.ParserInput;
using WorkChannel = CrmHub.Abstractions.ContactCentre.ContactChannel;

namespace CrmHub.Host.Tests.Apis;

/// <summary>D10: the contact-centre lifecycle events parse into their payloads, and every bad field is named.</summary>
public sealed class ContactCentreEventTests
{
    private static EventPayload ParseData(string type, string data)
    {
        var outcome = Parse(Event(type, JsonNode.Parse(data)!.AsObject()));
        outcome.Errors.ShouldBeNull();
        return outcome.Events.ShouldHaveSingleItem().Data;
    }

    private static string[] ErrorKeys(string type, string data) =>
        [.. Parse(Event(type, JsonNode.Parse(data)!.AsObject())).Errors.ShouldNotBeNull().Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void An_offered_contact_parses_its_channel_in_any_case_its_queue_and_its_skills_in_their_text_form()
    {
        var offered = ParseData(EventTypes.ContactOffered, """{"contactId":"call-1","channel":"VOICE","queue":"billing","requiredSkills":["Billing:3","language:en"]}""")
            .ShouldBeOfType<ContactOffered>();

        (offered.ContactId, offered.Channel, offered.Queue).ShouldBe(("call-1", WorkChannel.Voice, "billing"));
        offered.RequiredSkills.ShouldBe(["billing:3", "language:en"]);
    }

    [Fact]
    public void Answered_abandoned_and_ended_parse_their_fields()
    {
        ParseData(EventTypes.ContactAnswered, """{"contactId":"c","agentId":"agent1"}""").ShouldBe(new ContactAnswered { ContactId = "c", AgentId = "agent1" });
        ParseData(EventTypes.ContactAbandoned, """{"contactId":"c"}""").ShouldBe(new ContactAbandoned { ContactId = "c" });
        ParseData(EventTypes.ContactEnded, """{"contactId":"c","wrapUpSeconds":30.5}""").ShouldBe(new ContactEnded { ContactId = "c", WrapUpSeconds = 30.5 });
        ParseData(EventTypes.ContactEnded, """{"contactId":"c"}""").ShouldBe(new ContactEnded { ContactId = "c" });
    }

    [Theory]
    [InlineData(EventTypes.ContactOffered, """{"channel":"fax","queue":"a b","requiredSkills":["ok",":bad",3]}""",
        new[] { "data.channel", "data.contactId", "data.queue", "data.requiredSkills[1]", "data.requiredSkills[2]" })]
    [InlineData(EventTypes.ContactOffered, """{"contactId":"c","channel":"chat","queue":"q","requiredSkills":"billing"}""", new[] { "data.requiredSkills" })]
    [InlineData(EventTypes.ContactAnswered, """{"contactId":"c"}""", new[] { "data.agentId" })]
    [InlineData(EventTypes.ContactAbandoned, """{}""", new[] { "data.contactId" })]
    [InlineData(EventTypes.ContactEnded, """{"contactId":"c","wrapUpSeconds":-1}""", new[] { "data.wrapUpSeconds" })]
    public void Every_bad_field_is_named(string type, string data, string[] expected) =>
        ErrorKeys(type, data).ShouldBe(expected.Order(StringComparer.Ordinal));
}
