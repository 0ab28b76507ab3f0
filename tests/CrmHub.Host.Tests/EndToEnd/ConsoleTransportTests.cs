using System.Net;
using CrmHub.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>Consoles work on every SignalR transport, with the token as a bearer header or, for hubs only, in the query string.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class ConsoleTransportTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task A_console_on_any_transport_receives_its_alerts_and_resyncs(HttpTransportType transport)
    {
        var token = await _host.GetTokenAsync("agent1", Cancel);
        await using var console = await ConsoleClient.ConnectAsync(_host.HubUrl, "agent1", () => token, transport, Cancel);

        var complaintId = await RaiseComplaintOwnedByAsync("agent1");

        var alert = await console.WaitForAsync("complaintAlert", complaintId, cancellationToken: Cancel);
        var resync = await console.ResyncAsync(alert.Seq - 1, Cancel);
        resync.Items[0].Seq.ShouldBe(alert.Seq);
        resync.Items[0].IsAbout(complaintId).ShouldBeTrue();
    }

    [Fact]
    public async Task A_console_may_send_its_token_as_access_token_in_the_query_string()
    {
        var token = await _host.GetTokenAsync("agent1", Cancel);
        var url = new Uri($"{_host.HubUrl}?access_token={Uri.EscapeDataString(token)}");
        await using var console = await ConsoleClient.ConnectAsync(url, "agent1", accessToken: null, HttpTransportType.WebSockets, Cancel);

        var complaintId = await RaiseComplaintOwnedByAsync("agent1");

        await console.WaitForAsync("complaintAlert", complaintId, cancellationToken: Cancel);
    }

    [Fact]
    public async Task Every_open_console_of_an_agent_receives_the_alert()
    {
        await using var first = await _host.ConnectConsoleAsync("agent1", Cancel);
        await using var second = await _host.ConnectConsoleAsync("agent1", Cancel);

        var complaintId = await RaiseComplaintOwnedByAsync("agent1");

        var a = await first.WaitForAsync("complaintAlert", complaintId, cancellationToken: Cancel);
        var b = await second.WaitForAsync("complaintAlert", complaintId, cancellationToken: Cancel);
        a.Seq.ShouldBe(b.Seq);
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_not_accepted_outside_the_hubs()
    {
        var token = await _host.GetTokenAsync("agent1", Cancel);

        using var response = await _host.Http.GetAsync($"/api/v1/agents/me?access_token={Uri.EscapeDataString(token)}", Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, Cancel);
    }

    private async Task<string> RaiseComplaintOwnedByAsync(string agentId)
    {
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Batch(Profile(customerId, ownerAgentId: agentId), Complaint(customerId, complaintId)), Cancel);
        return complaintId;
    }
}
