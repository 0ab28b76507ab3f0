using System.Net;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>The signed-in read APIs of the real host: the customer 360 view and the agent's own status.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class ReadApiTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_customer_view_follows_purchases_from_first_time_to_repeat_and_lists_open_complaints()
    {
        var customerId = NewId("cust");
        await _host.PostEventsOkAsync(Profile(customerId, name: "Grace Hopper"), Cancel);
        var known = await GetCustomerAsync(customerId);
        known.String("lifecycleStage").ShouldBe("Potential");
        known["purchaseCount"]!.GetValue<int>().ShouldBe(0);

        await _host.PostEventsOkAsync(Purchase(customerId, 100.25m), Cancel);
        var afterOne = await GetCustomerAsync(customerId);
        afterOne.String("customerId").ShouldBe(customerId);
        afterOne["profile"].String("name").ShouldBe("Grace Hopper");
        afterOne.String("lifecycleStage").ShouldBe("FirstTime");
        afterOne["purchaseCount"]!.GetValue<int>().ShouldBe(1);
        afterOne["totalRevenue"]!.GetValue<decimal>().ShouldBe(100.25m);
        afterOne["openComplaints"]!.AsArray().ShouldBeEmpty();

        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Batch(Purchase(customerId, 49.75m), Complaint(customerId, complaintId, subject: "Scratched lid")), Cancel);
        var afterTwo = await GetCustomerAsync(customerId);
        afterTwo.String("lifecycleStage").ShouldBe("Repeat");
        afterTwo["purchaseCount"]!.GetValue<int>().ShouldBe(2);
        afterTwo["totalRevenue"]!.GetValue<decimal>().ShouldBe(150m);
        var open = afterTwo["openComplaints"]!.AsArray().ShouldHaveSingleItem();
        open.String("complaintId").ShouldBe(complaintId);
        open.String("subject").ShouldBe("Scratched lid");
        afterTwo["timeline"]!.AsArray().Count.ShouldBe(4);
    }

    [Fact]
    public async Task An_unknown_customer_is_a_404_problem()
    {
        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/customers/{NewId("nobody")}", Cancel);
        await response.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
    }

    [Fact]
    public async Task An_unknown_complaint_is_a_404_problem()
    {
        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/complaints/{NewId("nothing")}", Cancel);
        await response.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
    }

    [Fact]
    public async Task A_step_on_an_unknown_complaint_is_a_404_problem()
    {
        using var response = await _host.PostAsUserAsync("agent1", $"/api/v1/complaints/{NewId("nothing")}/steps", new { step = "listen" }, Cancel);
        await response.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
    }

    [Fact]
    public async Task The_customer_view_needs_a_token()
    {
        var customerId = NewId("cust");
        await _host.PostEventsOkAsync(Purchase(customerId, 5m), Cancel);

        using var response = await _host.Http.GetAsync($"/api/v1/customers/{customerId}", Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, Cancel);
    }

    [Fact]
    public async Task Agents_me_shows_the_agent_online_while_its_console_is_open_with_its_last_sequence_number()
    {
        var customerId = NewId("cust");
        await _host.PostEventsOkAsync(Profile(customerId, ownerAgentId: "agent1"), Cancel);
        var console = await _host.ConnectConsoleAsync("agent1", Cancel);
        try
        {
            var before = await GetMeAsync("agent1");
            before.String("agentId").ShouldBe("agent1");
            before.String("role").ShouldBe("Agent");
            before["displayName"].ShouldNotBeNull();
            before["isOnline"]!.GetValue<bool>().ShouldBeTrue();
            before["openConsoles"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
            before["lastSeq"]!.GetValue<long>().ShouldBe(console.LastSeqAtConnect);

            var complaintId = NewId("cmp");
            await _host.PostEventsOkAsync(Complaint(customerId, complaintId), Cancel);
            var alert = await console.WaitForAsync("complaintAlert", complaintId, cancellationToken: Cancel);

            var after = await GetMeAsync("agent1");
            after["lastSeq"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(alert.Seq);
            alert.Seq.ShouldBeGreaterThan(before["lastSeq"]!.GetValue<long>());
        }
        finally
        {
            await console.DisposeAsync();
        }

        // The server hears of the closed console a moment later.
        var deadline = DateTime.UtcNow + ConsoleClient.DefaultWait;
        bool isOnline;
        do
        {
            isOnline = (await GetMeAsync("agent1"))["isOnline"]!.GetValue<bool>();
            if (isOnline)
                await Task.Delay(100, Cancel);
        }
        while (isOnline && DateTime.UtcNow < deadline);
        isOnline.ShouldBeFalse();
    }

    [Fact]
    public async Task Agents_me_shows_a_supervisor_with_its_role()
    {
        var me = await GetMeAsync("supervisor1");
        me.String("agentId").ShouldBe("supervisor1");
        me.String("role").ShouldBe("Supervisor");
    }

    private async Task<System.Text.Json.Nodes.JsonObject> GetCustomerAsync(string customerId)
    {
        using var response = await _host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{customerId}", Cancel);
        return await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> GetMeAsync(string userName)
    {
        using var response = await _host.GetAsUserAsync(userName, "/api/v1/agents/me", Cancel);
        return await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
    }
}
