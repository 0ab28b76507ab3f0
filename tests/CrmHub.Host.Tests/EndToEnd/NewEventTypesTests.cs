using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// The receivables, survey, prospect and key-account event types (and the profile's new fields) go through the real
/// host: accepted, stored, deduplicated, and refused with a problem naming the bad field.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class NewEventTypesTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static JsonArray EveryNewType(string customerId) => Batch(
        Event("crm.customer.profile", customerId, new JsonObject { ["name"] = "Lighthouse Ltd", ["valueStyle"] = "Lighthouse", ["sensitivity"] = "ServiceSensitive" }),
        Event("crm.invoice", customerId, new JsonObject { ["invoiceId"] = "INV-7", ["amount"] = 250.00m, ["dueAt"] = "2026-12-01T00:00:00Z" }),
        Event("crm.payment", customerId, new JsonObject { ["invoiceId"] = "INV-7", ["amount"] = 100m }),
        Event("crm.refund", customerId, new JsonObject { ["orderId"] = "O-1", ["amount"] = 20m }),
        Event("crm.invoice.writtenoff", customerId, new JsonObject { ["invoiceId"] = "INV-7" }),
        Event("crm.survey", customerId, new JsonObject
        {
            ["satisfaction"] = "advocate",
            ["servqual"] = new JsonObject { ["tangibles"] = 5, ["empathy"] = 4, ["assurance"] = 4, ["responsiveness"] = 3, ["reliability"] = 5 },
            ["agentId"] = "agent1",
        }),
        Event("crm.prospect", customerId, new JsonObject { ["money"] = true, ["authority"] = false, ["need"] = true, ["targeted"] = true }),
        Event("crm.keyaccount.designation", customerId, new JsonObject
        {
            ["designated"] = true,
            ["managerId"] = "supervisor1",
            ["sensitivity"] = "PriceSensitive",
            ["visitCadenceDays"] = 30,
            ["goals"] = "Renew the service contract.",
        }));

    [Fact]
    public async Task One_event_of_every_new_type_in_one_batch_is_accepted_and_a_repost_is_all_duplicate()
    {
        var customerId = NewId("cust");
        var batch = EveryNewType(customerId);

        var first = await _host.PostEventsOkAsync(batch, Cancel);
        var again = await _host.PostEventsOkAsync(batch, Cancel);

        first.Accepted.ShouldBe(batch.Count);
        first.Results.Select(r => r.Status).ShouldAllBe(status => status == "accepted");
        again.Duplicates.ShouldBe(batch.Count);
        again.Results.Select(r => r.Status).ShouldAllBe(status => status == "duplicate");
    }

    [Fact]
    public async Task The_new_events_land_on_the_customer_timeline_with_readable_summaries()
    {
        var customerId = NewId("cust");
        var batch = EveryNewType(customerId);
        await _host.PostEventsOkAsync(batch, Cancel);

        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/customers/{customerId}", Cancel);

        var timeline = (await response.ReadObjectAsync(HttpStatusCode.OK, Cancel))["timeline"]!.AsArray();
        timeline.Select(entry => entry.String("type")).ShouldBe(batch.Select(e => e.String("type")), ignoreOrder: true);
        timeline.Select(entry => entry.String("summary")).ShouldContain("Invoice INV-7: 250.00 due 2026-12-01");
        timeline.Select(entry => entry.String("summary")).ShouldContain("Survey: Advocate for agent1");
    }

    [Fact]
    public async Task A_survey_with_a_servqual_score_out_of_range_is_a_400_naming_the_field_and_changes_nothing()
    {
        var customerId = NewId("cust");
        var survey = Event("crm.survey", customerId, new JsonObject
        {
            ["satisfaction"] = "Satisfied",
            ["servqual"] = new JsonObject { ["empathy"] = 6 },
        });

        using var response = await _host.PostEventsAsync(Batch(Purchase(customerId, 10m), survey), Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe(["[1].data.servqual.empathy"]);
        using var customer = await _host.GetAsUserAsync("agent1", $"/api/v1/customers/{customerId}", Cancel);
        await customer.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
    }
}
