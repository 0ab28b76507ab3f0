using System.Text.Json.Nodes;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using static CrmHub.Host.Tests.Apis.ParserInput;

namespace CrmHub.Host.Tests.Apis;

/// <summary>
/// The data of the invoice, payment, refund, write-off, survey, prospect, key-account and profile events: each
/// valid shape becomes its typed payload, and each bad field is named by its path.
/// </summary>
public sealed class CloudEventDataTests
{
    /// <summary>A valid <c>data</c> of each type; the invalid cases below change one field of it.</summary>
    private static readonly Dictionary<string, string> ValidData = new()
    {
        [EventTypes.Invoice] = """{"invoiceId":"INV-7","amount":250.00,"dueAt":"2026-12-01T00:00:00+01:00"}""",
        [EventTypes.Payment] = """{"invoiceId":"INV-7","amount":100}""",
        [EventTypes.Refund] = """{"orderId":"O-1","amount":20.5}""",
        [EventTypes.InvoiceWrittenOff] = """{"invoiceId":"INV-7"}""",
        [EventTypes.Survey] = """
            {"satisfaction":"Advocate","agentId":"agent1","complaintId":"C-1",
             "servqual":{"tangibles":5,"empathy":4,"assurance":3,"responsiveness":2,"reliability":1}}
            """,
        [EventTypes.Prospect] = """{"money":true,"authority":false,"need":true,"targeted":true}""",
        [EventTypes.KeyAccountDesignation] = """
            {"designated":true,"managerId":"manager1","sensitivity":"ServiceSensitive","visitCadenceDays":30,"goals":"Grow the service contract"}
            """,
        [EventTypes.CustomerProfile] = """{"name":"Acme","valueStyle":"Lighthouse","sensitivity":"PriceSensitive"}""",
    };

    private static JsonObject Data(string type) => JsonNode.Parse(ValidData[type])!.AsObject();

    /// <summary>The valid data of <paramref name="type"/> with <paramref name="field"/> (a dotted path inside data) set, or removed when <paramref name="json"/> is null.</summary>
    private static JsonObject DataWith(string type, string field, string? json)
    {
        var data = Data(type);
        var names = field.Split('.');
        var owner = names[..^1].Aggregate(data, (node, name) => node[name]!.AsObject());
        if (json is null)
            owner.Remove(names[^1]);
        else
            owner[names[^1]] = JsonNode.Parse(json);
        return data;
    }

    private static EventPayload ParseData(string type, JsonObject data)
    {
        var outcome = Parse(Event(type, data));
        outcome.Errors.ShouldBeNull();
        return outcome.Events.ShouldHaveSingleItem().Data;
    }

    [Fact]
    public void An_invoice_parses_its_id_amount_and_due_time_keeping_the_offset()
    {
        var invoice = ParseData(EventTypes.Invoice, Data(EventTypes.Invoice)).ShouldBeOfType<InvoiceIssued>();

        invoice.ShouldBe(new InvoiceIssued("INV-7", 250m, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1))));
        invoice.DueAt.Offset.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void A_payment_parses_with_its_invoice_or_on_account_without_one()
    {
        ParseData(EventTypes.Payment, Data(EventTypes.Payment)).ShouldBe(new PaymentReceived("INV-7", 100m));
        ParseData(EventTypes.Payment, DataWith(EventTypes.Payment, "invoiceId", null)).ShouldBe(new PaymentReceived(null, 100m));
    }

    [Fact]
    public void A_refund_parses_its_order_and_amount() =>
        ParseData(EventTypes.Refund, Data(EventTypes.Refund)).ShouldBe(new RefundIssued("O-1", 20.5m));

    [Fact]
    public void A_written_off_invoice_parses_its_id() =>
        ParseData(EventTypes.InvoiceWrittenOff, Data(EventTypes.InvoiceWrittenOff)).ShouldBe(new InvoiceWrittenOff("INV-7"));

    [Fact]
    public void A_survey_parses_its_satisfaction_servqual_scores_agent_and_complaint() =>
        ParseData(EventTypes.Survey, Data(EventTypes.Survey))
            .ShouldBe(new SurveyAnswered(SatisfactionLevel.Advocate, new ServqualScores(5, 4, 3, 2, 1), "agent1", "C-1"));

    [Theory]
    [InlineData("dissatisfied", SatisfactionLevel.Dissatisfied)]
    [InlineData("Satisfied", SatisfactionLevel.Satisfied)]
    [InlineData("RETURNING", SatisfactionLevel.Returning)]
    [InlineData("advocate", SatisfactionLevel.Advocate)]
    public void A_survey_needs_only_its_satisfaction_named_in_any_letter_case(string satisfaction, SatisfactionLevel expected) =>
        ParseData(EventTypes.Survey, new JsonObject { ["satisfaction"] = satisfaction })
            .ShouldBe(new SurveyAnswered(expected, null, null, null));

    [Fact]
    public void A_survey_may_score_only_some_servqual_dimensions()
    {
        var data = new JsonObject { ["satisfaction"] = "Satisfied", ["servqual"] = new JsonObject { ["empathy"] = 2, ["reliability"] = null } };

        ParseData(EventTypes.Survey, data).ShouldBe(new SurveyAnswered(SatisfactionLevel.Satisfied, new ServqualScores(null, 2, null, null, null), null, null));
    }

    [Fact]
    public void A_prospect_parses_its_man_booleans_and_whether_it_is_targeted()
    {
        ParseData(EventTypes.Prospect, Data(EventTypes.Prospect)).ShouldBe(new ProspectQualified(true, false, true, true));
        ParseData(EventTypes.Prospect, DataWith(EventTypes.Prospect, "targeted", null)).ShouldBe(new ProspectQualified(true, false, true, null));
    }

    [Fact]
    public void A_key_account_designation_parses_every_field() =>
        ParseData(EventTypes.KeyAccountDesignation, Data(EventTypes.KeyAccountDesignation))
            .ShouldBe(new KeyAccountDesignated(true, "manager1", KeyAccountSensitivity.ServiceSensitive, 30, "Grow the service contract"));

    [Fact]
    public void A_key_account_designation_needs_only_the_designated_flag() =>
        ParseData(EventTypes.KeyAccountDesignation, new JsonObject { ["designated"] = false })
            .ShouldBe(new KeyAccountDesignated(false, null, null, null, null));

    [Theory]
    [InlineData(1)]
    [InlineData(366)]
    public void A_visit_cadence_of_one_day_up_to_a_year_is_accepted(int days) =>
        ParseData(EventTypes.KeyAccountDesignation, DataWith(EventTypes.KeyAccountDesignation, "visitCadenceDays", $"{days}"))
            .ShouldBeOfType<KeyAccountDesignated>().VisitCadenceDays.ShouldBe(days);

    [Fact]
    public void A_profile_parses_its_value_style_and_sensitivity() =>
        ParseData(EventTypes.CustomerProfile, Data(EventTypes.CustomerProfile))
            .ShouldBe(new CustomerProfileChanged("Acme", null, null, null, null, null, ValueStyle.Lighthouse, KeyAccountSensitivity.PriceSensitive));

    /// <summary>Every field of every type with the values it must refuse (JSON text; null leaves the field out).</summary>
    public static TheoryData<string, string, string?> BadFields { get; } = Cases([
        (EventTypes.Invoice, "invoiceId", [null, "\"\"", "7"]),
        (EventTypes.Invoice, "amount", [null, "0", "-1", "\"250\""]),
        (EventTypes.Invoice, "dueAt", [null, "\"2026-12-01T00:00:00\"", "\"2026-12-01\"", "\"2026-02-30T00:00:00Z\"", "1796083200"]),
        (EventTypes.Payment, "invoiceId", ["\"\"", "7"]),
        (EventTypes.Payment, "amount", [null, "0"]),
        (EventTypes.Refund, "orderId", [null]),
        (EventTypes.Refund, "amount", [null, "-3"]),
        (EventTypes.InvoiceWrittenOff, "invoiceId", [null, "true"]),
        (EventTypes.Survey, "satisfaction", [null, "\"Happy\"", "\"3\"", "3"]),
        (EventTypes.Survey, "servqual", ["\"good\"", "[5,4,3,2,1]"]),
        .. new[] { "tangibles", "empathy", "assurance", "responsiveness", "reliability" }
            .Select(dimension => (EventTypes.Survey, $"servqual.{dimension}", new string?[] { "0", "6", "2.5", "\"3\"", "true" })),
        (EventTypes.Survey, "agentId", ["\"agent one\""]),
        (EventTypes.Survey, "complaintId", ["\"C/1\""]),
        (EventTypes.Prospect, "money", [null, "\"true\""]),
        (EventTypes.Prospect, "authority", [null, "0"]),
        (EventTypes.Prospect, "need", [null, "1"]),
        (EventTypes.Prospect, "targeted", ["\"yes\""]),
        (EventTypes.KeyAccountDesignation, "designated", [null, "\"yes\""]),
        (EventTypes.KeyAccountDesignation, "managerId", ["\"manager 1\""]),
        (EventTypes.KeyAccountDesignation, "sensitivity", ["\"Cheap\"", "\"1\""]),
        (EventTypes.KeyAccountDesignation, "visitCadenceDays", ["0", "367", "1.5", "\"30\""]),
        (EventTypes.KeyAccountDesignation, "goals", ["\"\"", "[\"grow\"]"]),
        (EventTypes.CustomerProfile, "valueStyle", ["\"Visionary\"", "\"0\""]),
        (EventTypes.CustomerProfile, "sensitivity", ["\"Price\""]),
    ]);

    private static TheoryData<string, string, string?> Cases(IEnumerable<(string Type, string Field, string?[] Values)> fields) =>
        new(fields.SelectMany(field => field.Values.Select(value => (field.Type, field.Field, value))));

    [Theory]
    [MemberData(nameof(BadFields))]
    public void A_missing_or_bad_data_field_is_named_by_its_path_and_nothing_is_parsed(string type, string field, string? json)
    {
        var outcome = Parse(Event(type, DataWith(type, field, json)));

        outcome.Events.ShouldBeEmpty();
        outcome.Errors.ShouldNotBeNull().Keys.ShouldBe([$"data.{field}"]);
    }

    [Fact]
    public void Goals_longer_than_4000_characters_are_rejected()
    {
        var data = DataWith(EventTypes.KeyAccountDesignation, "goals", null);
        data["goals"] = new string('g', 4_001);

        Parse(Event(EventTypes.KeyAccountDesignation, data)).Errors.ShouldNotBeNull().Keys.ShouldBe(["data.goals"]);
    }

    [Fact]
    public void An_unknown_level_is_answered_with_the_accepted_names()
    {
        var outcome = Parse(Event(EventTypes.Survey, DataWith(EventTypes.Survey, "satisfaction", "\"Happy\"")));

        outcome.Errors.ShouldNotBeNull()["data.satisfaction"].ShouldHaveSingleItem()
            .ShouldBe("'Happy' is not one of: Dissatisfied, Satisfied, Returning, Advocate.");
    }

    [Fact]
    public void Every_bad_field_of_an_invoice_is_reported_at_once()
    {
        var data = new JsonObject { ["invoiceId"] = 7, ["amount"] = 0, ["dueAt"] = "tomorrow" };

        Parse(Event(EventTypes.Invoice, data)).Errors.ShouldNotBeNull().Keys
            .ShouldBe(["data.invoiceId", "data.amount", "data.dueAt"], ignoreOrder: true);
    }

    [Fact]
    public void A_batch_names_bad_data_fields_by_event_index_and_nested_path()
    {
        var batch = new JsonArray(
            Event(EventTypes.Payment, Data(EventTypes.Payment), id: "e-0"),
            Event(EventTypes.Survey, DataWith(EventTypes.Survey, "servqual.empathy", "0"), id: "e-1"),
            Event(EventTypes.Prospect, Data(EventTypes.Prospect), id: "e-2"),
            Event(EventTypes.Invoice, DataWith(EventTypes.Invoice, "dueAt", "\"2026-12-01 00:00\""), id: "e-3"));

        var outcome = Parse(batch, expectBatch: true);

        outcome.Events.ShouldBeEmpty();
        outcome.Errors.ShouldNotBeNull().Keys.ShouldBe(["[1].data.servqual.empathy", "[3].data.dueAt"], ignoreOrder: true);
    }

    [Fact]
    public void A_batch_of_every_new_type_parses_in_order()
    {
        var types = ValidData.Keys.ToList();
        var batch = new JsonArray([.. types.Select((type, index) => (JsonNode)Event(type, Data(type), id: $"e-{index}"))]);

        var outcome = Parse(batch, expectBatch: true);

        outcome.Errors.ShouldBeNull();
        outcome.Events.Select(e => e.Data.EventType).ShouldBe(types);
    }
}
