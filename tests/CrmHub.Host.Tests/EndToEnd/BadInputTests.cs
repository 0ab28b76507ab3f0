using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>Bad input is refused with the right status and a problem naming what is wrong, and changes nothing.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class BadInputTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/cloudevents+json")]
    [InlineData("application/cloudevents-batch+json")]
    public async Task Malformed_json_is_a_400_problem(string contentType)
    {
        using var response = await _host.PostEventsAsync("""{"specversion":"1.0","id":""", contentType, Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldContain("body");
    }

    [Fact]
    public async Task An_event_without_subject_is_a_400_naming_subject()
    {
        var customerId = NewId("cust");
        var e = Purchase(customerId, 10m).With(e => e.Remove("subject"));

        using var response = await _host.PostEventsAsync(e, Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe(["subject"]);
    }

    [Theory]
    [InlineData("specversion")]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("type")]
    [InlineData("time")]
    [InlineData("data")]
    public async Task An_event_missing_a_required_attribute_is_a_400_naming_it(string attribute)
    {
        var customerId = NewId("cust");
        var e = Purchase(customerId, 10m).With(e => e.Remove(attribute));

        using var response = await _host.PostEventsAsync(e, Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldContain(attribute);
        await ShouldNotExistAsync(customerId);
    }

    [Fact]
    public async Task A_batch_with_one_invalid_event_is_a_400_naming_it_by_index_and_applies_none()
    {
        var validCustomer = NewId("cust");
        var otherCustomer = NewId("cust");
        var batch = Batch(
            Purchase(validCustomer, 12m),
            Purchase(otherCustomer, 13m).With(e => e["subject"] = "not a valid id!"),
            Profile(validCustomer, name: "Valid"));

        using var response = await _host.PostEventsAsync(batch, Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe(["[1].subject"]);
        await ShouldNotExistAsync(validCustomer);
        await ShouldNotExistAsync(otherCustomer);
    }

    [Fact]
    public async Task An_unknown_event_type_is_a_400_naming_type()
    {
        var customerId = NewId("cust");
        var e = Event("crm.unknown.thing", customerId, new JsonObject { ["x"] = 1 });

        using var response = await _host.PostEventsAsync(e, Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe(["type"]);
        await ShouldNotExistAsync(customerId);
    }

    [Theory]
    [InlineData("2025-03-03 09:00:00")]
    [InlineData("2025-03-03T09:00:00")]
    [InlineData("03/03/2025 09:00 +01:00")]
    [InlineData("yesterday")]
    public async Task A_time_that_is_not_rfc3339_with_offset_is_a_400_naming_time(string time)
    {
        var customerId = NewId("cust");
        var e = Purchase(customerId, 10m).With(e => e["time"] = time);

        using var response = await _host.PostEventsAsync(e, Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe(["time"]);
        await ShouldNotExistAsync(customerId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5.5)]
    public async Task A_purchase_amount_of_zero_or_less_is_a_400_naming_data_amount(double amount)
    {
        var customerId = NewId("cust");
        var e = Purchase(customerId, (decimal)amount);

        using var response = await _host.PostEventsAsync(e, Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe(["data.amount"]);
        await ShouldNotExistAsync(customerId);
    }

    [Fact]
    public async Task A_batch_of_1001_events_is_a_413_and_applies_none()
    {
        var customerId = NewId("cust");
        var batch = Batch([.. Enumerable.Range(0, 1_001).Select(_ => Purchase(customerId, 1m))]);

        using var response = await _host.PostEventsAsync(batch, Cancel);

        await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge, Cancel);
        await ShouldNotExistAsync(customerId);
    }

    [Fact]
    public async Task A_batch_of_1000_events_is_accepted()
    {
        var customerId = NewId("cust");
        var batch = Batch([.. Enumerable.Range(0, 1_000).Select(_ => Purchase(customerId, 1m))]);

        var answer = await _host.PostEventsOkAsync(batch, Cancel);

        answer.Accepted.ShouldBe(1_000);
        answer.Results.Count.ShouldBe(1_000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_one_mebibyte_is_a_413(bool sendContentLength)
    {
        var customerId = NewId("cust");
        // A valid event padded with a long summary field until the body is just over 1 MiB.
        var e = Purchase(customerId, 10m);
        var unpadded = Encoding.UTF8.GetByteCount(e.ToJsonString());
        e["data"]!["note"] = new string('x', 1024 * 1024 + 1 - unpadded - ",\"note\":\"\"".Length);
        var bytes = Encoding.UTF8.GetBytes(e.ToJsonString());
        bytes.Length.ShouldBe(1024 * 1024 + 1);

        using HttpContent content = sendContentLength
            ? new ByteArrayContent(bytes)
            : new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        using var response = await _host.Events.PostAsync("/api/v1/events", content, Cancel);

        await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge, Cancel);
        await ShouldNotExistAsync(customerId);
    }

    [Fact]
    public async Task Events_without_an_api_key_are_a_401()
    {
        var customerId = NewId("cust");
        using var content = new StringContent(Purchase(customerId, 10m).ToJsonString(), Encoding.UTF8, "application/cloudevents+json");

        using var response = await _host.Http.PostAsync("/api/v1/events", content, Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, Cancel);
        await ShouldNotExistAsync(customerId);
    }

    [Fact]
    public async Task Events_with_a_wrong_api_key_are_a_401()
    {
        var customerId = NewId("cust");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent(Purchase(customerId, 10m).ToJsonString(), Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add("X-Api-Key", "not-the-key");

        using var response = await _host.Http.SendAsync(request, Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, Cancel);
        await ShouldNotExistAsync(customerId);
    }

    [Fact]
    public async Task Events_with_a_user_token_instead_of_an_api_key_are_refused()
    {
        var customerId = NewId("cust");
        using var client = await _host.CreateUserClientAsync("admin", Cancel);
        using var content = new StringContent(Purchase(customerId, 10m).ToJsonString(), Encoding.UTF8, "application/cloudevents+json");

        using var response = await client.PostAsync("/api/v1/events", content, Cancel);

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        await ShouldNotExistAsync(customerId);
    }

    [Fact]
    public async Task An_anonymous_console_connection_is_refused()
    {
        var connection = new HubConnectionBuilder().WithUrl(_host.HubUrl).Build();
        await using (connection)
        {
            var refused = await Should.ThrowAsync<HttpRequestException>(() => connection.StartAsync(Cancel));
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_console_connection_with_an_invalid_token_is_refused()
    {
        await Should.ThrowAsync<HttpRequestException>(() =>
            ConsoleClient.ConnectAsync(_host.HubUrl, "agent1", () => "not.a.token", Cancel));
    }

    [Fact]
    public async Task An_admin_cannot_open_a_console()
    {
        var token = await _host.GetTokenAsync("admin", Cancel);

        var refused = await Should.ThrowAsync<HttpRequestException>(() =>
            ConsoleClient.ConnectAsync(_host.HubUrl, "admin", () => token, Cancel));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unknown_complaint_step_is_a_400_naming_step()
    {
        using var response = await _host.PostAsUserAsync("agent1", $"/api/v1/complaints/{NewId("cmp")}/steps", new { step = "dance" }, Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe(["step"]);
    }

    [Theory]
    [InlineData("{\"step\":", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("listen", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_complaint_step_body_that_cannot_be_read_is_a_client_error_problem(string body, string contentType, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/complaints/{NewId("cmp")}/steps")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _host.GetTokenAsync("agent1", Cancel));

        using var response = await _host.Http.SendAsync(request, Cancel);

        await response.ReadProblemAsync(expected, Cancel);
    }

    [Fact]
    public async Task A_malformed_sign_in_body_is_a_400_problem()
    {
        using var content = new StringContent("{\"userName\":\"agent1\",", Encoding.UTF8, "application/json");

        using var response = await _host.Http.PostAsync("/api/v1/auth/token", content, Cancel);

        await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
    }

    private async Task ShouldNotExistAsync(string customerId)
    {
        using var response = await _host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{customerId}", Cancel);
        await response.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
    }

    /// <summary>A body whose length the client does not know, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
