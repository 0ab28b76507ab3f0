using System.Text;
using System.Text.Json.Nodes;
using CrmHub.Abstractions.Events;
using CrmHub.Host.Apis.Events;

namespace CrmHub.Host.Tests.Apis;

public sealed class CloudEventParserTests
{
    private static JsonObject Event(string type = EventTypes.Purchase, JsonObject? data = null, string id = "e-1", string subject = "cust-1") =>
        ParserInput.Event(type, data ?? new JsonObject { ["orderId"] = "O-1", ["amount"] = 120.50, ["currency"] = "EUR" }, id, subject);

    private static ParseOutcome Parse(JsonNode node, bool? expectBatch = null) => ParserInput.Parse(node, expectBatch);

    private static ParseOutcome ParseWith(string attribute, JsonNode? value)
    {
        var e = Event();
        e[attribute] = value;
        return Parse(e);
    }

    [Fact]
    public void A_valid_purchase_becomes_a_typed_event_with_the_subject_as_customer()
    {
        var outcome = Parse(Event());

        outcome.IsValid.ShouldBeTrue();
        var e = outcome.Events.ShouldHaveSingleItem();
        e.CustomerId.ShouldBe("cust-1");
        e.Key.ShouldBe(new EventKey("/shop", "e-1"));
        e.Time.ShouldBe(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(1)));
        e.Data.ShouldBe(new PurchaseMade("O-1", 120.50m, null, "EUR"));
    }

    [Fact]
    public void Each_accepted_type_parses_its_data()
    {
        Parse(Event(EventTypes.CustomerProfile, new JsonObject { ["name"] = "Acme", ["source"] = "Partner", ["settlement"] = "credit", ["ownerAgentId"] = "agent1" }))
            .Events.ShouldHaveSingleItem().Data.ShouldBe(new CustomerProfileChanged("Acme", CustomerSource.Partner, null, Settlement.Credit, null, "agent1"));
        Parse(Event(EventTypes.Contact, new JsonObject { ["channel"] = "phone", ["direction"] = "inbound", ["summary"] = "Asked about delivery" }))
            .Events.ShouldHaveSingleItem().Data.ShouldBe(new ContactMade(ContactChannel.Phone, ContactDirection.Inbound, null, "Asked about delivery"));
        Parse(Event(EventTypes.Complaint, new JsonObject { ["subject"] = "Late", ["description"] = "Two weeks late", ["category"] = "service", ["severity"] = "high" }))
            .Events.ShouldHaveSingleItem().Data.ShouldBe(new ComplaintRaised("e-1", "Late", "Two weeks late", ComplaintCategory.Service, ComplaintSeverity.High));
    }

    [Fact]
    public void A_complaint_without_severity_is_normal_and_keeps_its_own_id()
    {
        var data = new JsonObject { ["complaintId"] = "C-9", ["subject"] = "Broken", ["description"] = "Arrived broken", ["category"] = "product" };

        var complaint = (ComplaintRaised)Parse(Event(EventTypes.Complaint, data)).Events.ShouldHaveSingleItem().Data;

        complaint.ComplaintId.ShouldBe("C-9");
        complaint.Severity.ShouldBe(ComplaintSeverity.Normal);
    }

    [Theory]
    [InlineData("specversion")]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("type")]
    [InlineData("subject")]
    [InlineData("time")]
    [InlineData("data")]
    public void A_missing_required_attribute_is_named(string attribute)
    {
        var e = Event();
        e.Remove(attribute);

        Parse(e).Errors.ShouldNotBeNull().Keys.ShouldContain(attribute);
    }

    [Theory]
    [InlineData("specversion", "0.3")]
    [InlineData("subject", "has spaces")]
    [InlineData("subject", "")]
    [InlineData("time", "2026-11-23T09:30:00")]
    [InlineData("time", "23/11/2026")]
    [InlineData("type", "crm.unknown")]
    public void An_invalid_attribute_value_is_named(string attribute, string value) =>
        ParseWith(attribute, value).Errors.ShouldNotBeNull().Keys.ShouldContain(attribute);

    [Fact]
    public void A_subject_longer_than_128_characters_is_rejected() =>
        ParseWith("subject", new string('a', 129)).Errors.ShouldNotBeNull().Keys.ShouldContain("subject");

    [Fact]
    public void Data_that_is_not_an_object_is_rejected() =>
        ParseWith("data", "text").Errors.ShouldNotBeNull().Keys.ShouldContain("data");

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_purchase_amount_must_be_positive(double amount)
    {
        var outcome = Parse(Event(data: new JsonObject { ["orderId"] = "O-1", ["amount"] = amount }));

        outcome.Errors.ShouldNotBeNull().Keys.ShouldContain("data.amount");
    }

    [Fact]
    public void A_purchase_amount_given_as_text_is_rejected() =>
        Parse(Event(data: new JsonObject { ["orderId"] = "O-1", ["amount"] = "12" })).Errors.ShouldNotBeNull().Keys.ShouldContain("data.amount");

    [Fact]
    public void Every_bad_data_field_is_reported_at_once()
    {
        var outcome = Parse(Event(EventTypes.Contact, new JsonObject { ["channel"] = "pigeon", ["direction"] = "sideways" }));

        outcome.Errors.ShouldNotBeNull().Keys.ShouldBe(["data.channel", "data.direction"], ignoreOrder: true);
        outcome.Errors["data.channel"].ShouldHaveSingleItem().ShouldContain("phone");
    }

    [Fact]
    public void Enum_values_given_as_numbers_are_rejected() =>
        Parse(Event(EventTypes.Contact, new JsonObject { ["channel"] = "1", ["direction"] = "inbound" })).Errors.ShouldNotBeNull().Keys.ShouldContain("data.channel");

    [Fact]
    public void A_batch_names_bad_fields_by_index_and_yields_no_events()
    {
        var bad = Event(id: "e-2");
        bad.Remove("subject");

        var outcome = Parse(new JsonArray(Event(), bad));

        outcome.Events.ShouldBeEmpty();
        outcome.Errors.ShouldNotBeNull().Keys.ShouldBe(["[1].subject"]);
    }

    [Fact]
    public void A_batch_of_valid_events_keeps_their_order()
    {
        var outcome = Parse(new JsonArray(Event(id: "a"), Event(id: "b"), Event(id: "c")), expectBatch: true);

        outcome.Events.Select(e => e.Id).ShouldBe(["a", "b", "c"]);
    }

    [Fact]
    public void A_batch_of_more_than_1000_events_is_too_large()
    {
        var batch = new JsonArray([.. Enumerable.Range(0, CloudEventParser.MaxBatchSize + 1).Select(i => (JsonNode)Event(id: $"e-{i}"))]);

        Parse(batch).TooLargeReason.ShouldNotBeNull();
    }

    [Fact]
    public void An_empty_batch_is_rejected() => Parse(new JsonArray()).Errors.ShouldNotBeNull().Keys.ShouldContain("body");

    [Fact]
    public void The_content_type_decides_between_single_event_and_batch()
    {
        Parse(Event(), expectBatch: true).Errors.ShouldNotBeNull().Keys.ShouldContain("body");
        Parse(new JsonArray(Event()), expectBatch: false).Errors.ShouldNotBeNull().Keys.ShouldContain("body");
    }

    [Fact]
    public void Malformed_json_is_reported_on_the_body() =>
        CloudEventParser.Parse(Encoding.UTF8.GetBytes("{\"id\": "), null).Errors.ShouldNotBeNull().Keys.ShouldBe(["body"]);

    [Fact]
    public void Deeply_nested_json_is_rejected_without_parsing_it_all()
    {
        var nested = string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000));

        CloudEventParser.Parse(Encoding.UTF8.GetBytes(nested), null).Errors.ShouldNotBeNull().Keys.ShouldBe(["body"]);
    }
}
