using System.Net;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>Valid events in every accepted shape are acknowledged per event, deduplicated by (source, id).</summary>
[Collection(SharedHostCollection.Name)]
public sealed class IngestTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("application/cloudevents+json")]
    [InlineData("application/json")]
    [InlineData("application/cloudevents+json; charset=utf-8")]
    public async Task A_single_event_is_accepted_as_cloudevents_or_plain_json(string contentType)
    {
        var customerId = NewId("cust");
        var e = Purchase(customerId, 12.5m);

        using var response = await _host.PostEventsAsync(e.ToJsonString(), contentType, Cancel);

        var answer = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        answer["accepted"]!.GetValue<int>().ShouldBe(1);
        answer["duplicates"]!.GetValue<int>().ShouldBe(0);
        var result = answer["results"]!.AsArray().ShouldHaveSingleItem();
        result.String("id").ShouldBe(e.String("id"));
        result.String("source").ShouldBe(Source);
        result.String("status").ShouldBe("accepted");
    }

    [Theory]
    [InlineData("application/cloudevents-batch+json")]
    [InlineData("application/json")]
    public async Task A_batch_answers_each_event_in_request_order(string contentType)
    {
        var first = NewId("cust");
        var second = NewId("cust");
        var known = Purchase(first, 1m);
        await _host.PostEventsOkAsync(known, Cancel);
        var batch = Batch(Profile(second, name: "Batch Ltd"), known, Purchase(second, 2m), Contact(first));

        using var response = await _host.PostEventsAsync(batch.ToJsonString(), contentType, Cancel);

        var answer = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        answer["accepted"]!.GetValue<int>().ShouldBe(3);
        answer["duplicates"]!.GetValue<int>().ShouldBe(1);
        answer["results"]!.AsArray().Select(r => r.String("id")).ShouldBe(batch.Select(e => e.String("id")));
        answer["results"]!.AsArray().Select(r => r.String("status")).ShouldBe(["accepted", "duplicate", "accepted", "accepted"]);
    }

    [Fact]
    public async Task The_same_id_from_another_source_is_another_event()
    {
        var customerId = NewId("cust");
        var id = NewId("evt");

        (await _host.PostEventsOkAsync(Purchase(customerId, 10m, id: id), Cancel)).Accepted.ShouldBe(1);
        (await _host.PostEventsOkAsync(Purchase(customerId, 10m, id: id).With(e => e["source"] = "another-shop"), Cancel)).Accepted.ShouldBe(1);
        (await _host.PostEventsOkAsync(Purchase(customerId, 10m, id: id), Cancel)).Duplicates.ShouldBe(1);

        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/customers/{customerId}", Cancel);
        (await response.ReadObjectAsync(HttpStatusCode.OK, Cancel))["purchaseCount"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task A_complaint_without_complaint_id_is_known_by_its_event_id()
    {
        var customerId = NewId("cust");
        var complaint = Complaint(customerId, "unused").With(e => e["data"]!.AsObject().Remove("complaintId"));
        var eventId = complaint.String("id")!;

        await _host.PostEventsOkAsync(complaint, Cancel);

        using var response = await _host.GetAsUserAsync("supervisor1", $"/api/v1/complaints/{eventId}", Cancel);
        var view = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        view.String("complaintId").ShouldBe(eventId);
        view.String("customerId").ShouldBe(customerId);
        view.String("status").ShouldBe("Open");
        view.String("category").ShouldBe("Service");
    }

    [Fact]
    public async Task A_contact_event_lands_on_the_customer_timeline()
    {
        var customerId = NewId("cust");
        var id = NewId("evt");

        using (var posted = await _host.PostEventsAsync(new
        {
            specversion = "1.0",
            id,
            source = Source,
            type = "crm.contact",
            subject = customerId,
            time = "2025-03-03T09:30:00+01:00",
            data = new { channel = "EMAIL", direction = "outbound", agentId = "agent2", summary = "Sent the invoice." },
        }, Cancel))
        {
            (await posted.ReadObjectAsync(HttpStatusCode.OK, Cancel))["accepted"]!.GetValue<int>().ShouldBe(1);
        }

        using var response = await _host.GetAsUserAsync("agent2", $"/api/v1/customers/{customerId}", Cancel);
        var view = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        var entry = view["timeline"]!.AsArray().ShouldHaveSingleItem()!;
        entry.String("eventId").ShouldBe(id);
        entry.String("type").ShouldBe("crm.contact");
        entry["time"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2025, 3, 3, 9, 30, 0, TimeSpan.FromHours(1)));
        view.String("lifecycleStage").ShouldBe("Potential");
    }

    [Fact]
    public async Task The_same_event_twice_in_one_batch_is_accepted_once()
    {
        var customerId = NewId("cust");
        var e = Purchase(customerId, 7m);

        var answer = await _host.PostEventsOkAsync(Batch(e, e), Cancel);

        answer.Results.Select(r => r.Status).ShouldBe(["accepted", "duplicate"]);
        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/customers/{customerId}", Cancel);
        (await response.ReadObjectAsync(HttpStatusCode.OK, Cancel))["purchaseCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Deduplication_is_kept_per_customer_so_an_id_reused_for_another_customer_is_applied_there()
    {
        // Processed keys live in the customer's own state, written with the change they guard (no global index
        // on the per-event path); README "Delivery semantics" documents this scope.
        var first = NewId("cust");
        var second = NewId("cust");
        var e = Purchase(first, 7m);
        await _host.PostEventsOkAsync(e, Cancel);

        var answer = await _host.PostEventsOkAsync(e.With(e => e["subject"] = second), Cancel);

        answer.Results.ShouldHaveSingleItem().Status.ShouldBe("accepted");
        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/customers/{second}", Cancel);
        (await response.ReadObjectAsync(HttpStatusCode.OK, Cancel))["purchaseCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_body_of_exactly_one_mebibyte_is_not_too_large()
    {
        var customerId = NewId("cust");
        var e = Purchase(customerId, 3m);
        var unpadded = System.Text.Encoding.UTF8.GetByteCount(e.ToJsonString());
        e["data"]!["note"] = new string('x', 1024 * 1024 - unpadded - ",\"note\":\"\"".Length);
        var json = e.ToJsonString();
        System.Text.Encoding.UTF8.GetByteCount(json).ShouldBe(1024 * 1024);

        using var response = await _host.PostEventsAsync(json, "application/cloudevents+json", Cancel);

        (await response.ReadObjectAsync(HttpStatusCode.OK, Cancel))["accepted"]!.GetValue<int>().ShouldBe(1);
    }
}
