using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>A host of its own with a 2-second offer timeout and a 1-second offline grace, shared by the contact-centre tests.</summary>
public sealed class ContactCentreHostFixture : IAsyncLifetime
{
    private HostProcess? _host;

    public HostProcess Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async ValueTask InitializeAsync() => _host = await HostProcess.StartAsync(
        new Dictionary<string, string>
        {
            ["CrmHub__ContactCentre__OfferTimeoutSeconds"] = "2",
            ["CrmHub__ContactCentre__OfflineGraceSeconds"] = "1",
        },
        cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
    }
}

/// <summary>
/// D10 end to end through the real host: two agents' consoles and a supervisor's. Contacts offered by events reach the
/// right agent, a decline and a timeout re-offer, and the supervisor sees the queue's figures change.
/// </summary>
public sealed class ContactCentreTests(ContactCentreHostFixture fixture) : IClassFixture<ContactCentreHostFixture>
{
    private readonly HostProcess _host = fixture.Host;
    private readonly string _queue = NewId("queue");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Offered_contacts_reach_the_right_agent_are_re_offered_on_decline_and_timeout_and_the_supervisor_sees_the_figures_change()
    {
        await PutProfileAsync("agent1", ["billing:3"]);
        await PutProfileAsync("agent2", []);
        await using var supervisor = await _host.ConnectConsoleAsync("supervisor1", Cancel);
        var stats = new ConcurrentQueue<JsonElement>();
        supervisor.Connection.On<JsonElement>("QueueStats", stats.Enqueue);
        await using var agent1 = await _host.ConnectConsoleAsync("agent1", Cancel);
        await using var agent2 = await _host.ConnectConsoleAsync("agent2", Cancel);
        await agent1.Connection.InvokeAsync("SetPresence", "Available", Cancel);
        await agent2.Connection.InvokeAsync("SetPresence", "Available", Cancel);

        // Skills: only agent1 has billing.
        var billing = NewId("contact");
        await _host.PostEventsOkAsync(Offered(billing, "billing:2"), Cancel);
        var offer = await agent1.WaitForAsync(n => IsAssignment(n, billing), cancellationToken: Cancel);
        offer.DataString("queue").ShouldBe(_queue);
        offer.DataString("channel").ShouldBe("Voice");
        agent2.Received.ShouldNotContain(n => IsAssignment(n, billing));
        await WaitForStatsAsync(stats, snapshot => Int(snapshot, "offered") == 1 && Int(snapshot, "waiting") == 1);

        await agent1.Connection.InvokeAsync("Accept", billing, Cancel);
        await WaitForStatsAsync(stats, snapshot => Int(snapshot, "answered") == 1 && Int(snapshot, "waiting") == 0);
        var agents = await GetAgentsAsync();
        var busy = agents.Single(agent => agent.String("agentId") == "agent1")!;
        busy.String("presence").ShouldBe("Busy");
        busy["workItems"]!.AsArray().ShouldHaveSingleItem().String("workItemId").ShouldBe(billing);
        await agent1.Connection.InvokeAsync("Complete", billing, Cancel);

        // Decline: the other agent gets it; no answer within 2 s: offered again, and the miss is told.
        var plain = NewId("contact");
        await _host.PostEventsOkAsync(Offered(plain), Cancel);
        var first = await WaitForAssignmentAsync(plain, agent1, agent2);
        var second = first == agent1 ? agent2 : agent1;
        await first.Connection.InvokeAsync("Decline", plain, Cancel);
        var reOffer = await second.WaitForAsync(n => IsAssignment(n, plain), cancellationToken: Cancel);
        var revoked = await second.WaitForAsync(
            n => n.Kind == "assignmentRevoked" && n.DataString("workItemId") == plain, TimeSpan.FromSeconds(15), Cancel);
        revoked.DataString("reason").ShouldBe("expired");
        revoked.Seq.ShouldBeGreaterThan(reOffer.Seq);
        await WaitForAssignmentAsync(plain, agent1, agent2, after: revoked.OccurredAt);

        using var queue = await _host.GetAsUserAsync("supervisor1", $"/api/v1/queues/{_queue}", Cancel);
        var snapshot = await queue.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        snapshot["offered"]!.GetValue<int>().ShouldBe(2);
        snapshot["agentsByPresence"]!["Available"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Accepting_an_item_not_offered_to_you_is_refused_with_a_clear_message()
    {
        await using var agent = await _host.ConnectConsoleAsync("agent3", Cancel);

        var refused = await Should.ThrowAsync<HubException>(() => agent.Connection.InvokeAsync("Accept", "no-such-item", Cancel));
        refused.Message.ShouldContain("not offered to you");
        var automatic = await Should.ThrowAsync<HubException>(() => agent.Connection.InvokeAsync("SetPresence", "Busy", Cancel));
        automatic.Message.ShouldContain("automatically");
    }

    [Fact]
    public async Task A_new_complaint_is_offered_from_the_complaints_queue_to_an_available_agent_who_serves_it()
    {
        // agent3 serves "complaints" by the Development configuration.
        await using var agent = await _host.ConnectConsoleAsync("agent3", Cancel);
        await agent.Connection.InvokeAsync("SetPresence", "Available", Cancel);
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");

        await _host.PostEventsOkAsync(new JsonArray(Profile(customerId), Complaint(customerId, complaintId)), Cancel);

        var workItemId = $"complaint:{complaintId}";
        var offer = await agent.WaitForAsync(n => IsAssignment(n, workItemId), cancellationToken: Cancel);
        (offer.DataString("queue"), offer.DataString("channel"), offer.DataString("customerId")).ShouldBe(("complaints", "Email", customerId));
        await agent.Connection.InvokeAsync("Accept", workItemId, Cancel);
        await agent.Connection.InvokeAsync("Complete", workItemId, Cancel);
    }

    [Fact]
    public async Task An_agent_whose_last_console_closed_is_offline_after_the_grace_period()
    {
        await using (var agent = await _host.ConnectConsoleAsync("agent3", Cancel))
        {
            await agent.Connection.InvokeAsync("SetPresence", "Available", Cancel);
            (await PresenceOfAsync("agent3")).ShouldBe("Available");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await PresenceOfAsync("agent3") != "Offline" && DateTime.UtcNow < deadline)
            await Task.Delay(100, Cancel);
        (await PresenceOfAsync("agent3")).ShouldBe("Offline");
    }

    [Fact]
    public async Task Profiles_are_validated_and_only_supervisors_may_change_them()
    {
        using var bad = await PutAsync("supervisor1", "agent1", new { teams = new[] { "bad queue" }, skills = new[] { "billing:0" }, capacity = new { voice = -1 } });
        (await bad.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel)).ErrorKeys().ShouldBe(["teams[0]", "skills[0]", "capacity.voice"], ignoreOrder: true);
        using var unknown = await PutAsync("supervisor1", "nobody", new { teams = new[] { _queue } });
        await unknown.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
        using var forbidden = await PutAsync("agent1", "agent1", new { teams = new[] { _queue } });
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var missing = await _host.GetAsUserAsync("supervisor1", $"/api/v1/queues/{NewId("nope")}", Cancel);
        await missing.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
    }

    private JsonObject Offered(string contactId, params string[] skills)
    {
        var data = new JsonObject { ["contactId"] = contactId, ["channel"] = "voice", ["queue"] = _queue };
        if (skills.Length > 0)
            data["requiredSkills"] = new JsonArray([.. skills.Select(skill => JsonValue.Create(skill))]);
        return Event("crm.contact.offered", NewId("cust"), data);
    }

    private static bool IsAssignment(ConsoleNotification notification, string workItemId) =>
        notification.Kind == "assignment" && notification.DataString("workItemId") == workItemId;

    private static async Task<ConsoleClient> WaitForAssignmentAsync(string workItemId, ConsoleClient one, ConsoleClient other, DateTimeOffset? after = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var console in new[] { one, other })
            {
                if (console.Received.Any(n => IsAssignment(n, workItemId) && (after is null || n.OccurredAt >= after)))
                    return console;
            }
            await Task.Delay(50, Cancel);
        }
        throw new TimeoutException($"Nobody was offered {workItemId}.");
    }

    private async Task WaitForStatsAsync(ConcurrentQueue<JsonElement> stats, Func<JsonElement, bool> matches)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (stats.Any(snapshot => snapshot.GetProperty("queue").GetString() == _queue && matches(snapshot)))
                return;
            await Task.Delay(50, Cancel);
        }
        throw new TimeoutException($"The supervisor saw no matching QueueStats of {_queue}; saw:\n"
            + string.Join('\n', stats.Select(snapshot => snapshot.GetRawText())));
    }

    private static int Int(JsonElement snapshot, string name) => snapshot.GetProperty(name).GetInt32();

    private async Task PutProfileAsync(string agentId, string[] skills)
    {
        using var response = await PutAsync("supervisor1", agentId, new { teams = new[] { _queue }, skills, capacity = new { voice = 1, chat = 0, email = 0 } });
        var profile = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        profile["teams"]!.AsArray().Select(team => team!.GetValue<string>()).ShouldBe([_queue]);
    }

    private async Task<HttpResponseMessage> PutAsync(string userName, string agentId, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agents/{agentId}") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _host.GetTokenAsync(userName, Cancel));
        return await _host.Http.SendAsync(request, Cancel);
    }

    private async Task<string?> PresenceOfAsync(string agentId) =>
        (await GetAgentsAsync()).Single(agent => agent.String("agentId") == agentId).String("presence");

    private async Task<JsonArray> GetAgentsAsync()
    {
        using var response = await _host.GetAsUserAsync("supervisor1", "/api/v1/agents", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsArray();
    }
}
