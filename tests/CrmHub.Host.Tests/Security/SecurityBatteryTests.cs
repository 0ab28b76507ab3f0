using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using CrmHub.Host.Hubs;
using CrmHub.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.Security;

/// <summary>
/// A host hardened as production would be: tokens live 5 s, one foreign origin is allowed, and ASP.NET Core logs at
/// Debug so a token that reached the logs would be seen.
/// </summary>
public sealed class HardenedHostFixture : IAsyncLifetime
{
    public const string AllowedOrigin = "https://crm.example.test";

    public HostProcess Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["CrmHub__Auth__TokenLifetime"] = "00:00:05",
            ["CrmHub__Cors__AllowedOrigins__0"] = AllowedOrigin,
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
        }, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
            await Host.DisposeAsync();
    }

    /// <summary>A token signed just now (the host's tokens expire after 5 s, so none is cached).</summary>
    public async Task<string> FreshTokenAsync(string userName)
    {
        using var response = await Host.Http.PostAsJsonAsync(
            "/api/v1/auth/token", new { userName, password = HostProcess.DemoPassword }, TestContext.Current.CancellationToken);
        return (await response.ReadObjectAsync(HttpStatusCode.OK, TestContext.Current.CancellationToken))["accessToken"]!.GetValue<string>();
    }
}

/// <summary>Attacks on the hub's origin checks, token lifetime and logs, against the hardened host.</summary>
public sealed class HardenedHostAttackTests(HardenedHostFixture fixture) : IClassFixture<HardenedHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpStatusCode> NegotiateFromAsync(string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/console/negotiate?negotiateVersion=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.FreshTokenAsync("agent1"));
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        using var response = await fixture.Host.Http.SendAsync(request, Cancel);
        return response.StatusCode;
    }

    [Fact]
    public async Task Cross_site_websocket_hijacking_a_console_opened_from_a_foreign_origin_is_refused()
    {
        (await NegotiateFromAsync("https://evil.example")).ShouldBe(HttpStatusCode.Forbidden);
        (await NegotiateFromAsync("null")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cross_site_websocket_hijacking_the_host_s_own_origin_a_configured_origin_and_non_browser_clients_may_connect()
    {
        (await NegotiateFromAsync(fixture.Host.BaseAddress.GetLeftPart(UriPartial.Authority))).ShouldBe(HttpStatusCode.OK);
        (await NegotiateFromAsync(HardenedHostFixture.AllowedOrigin)).ShouldBe(HttpStatusCode.OK);
        (await NegotiateFromAsync(origin: null)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_replay_after_expiry_a_console_whose_token_expires_is_disconnected()
    {
        var token = await fixture.FreshTokenAsync("agent2");
        await using var console = await ConsoleClient.ConnectAsync(fixture.Host.HubUrl, "agent2", () => token, Cancel);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        console.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
    }

    [Fact]
    public async Task Token_leak_access_token_values_sent_in_the_query_string_never_appear_in_the_logs()
    {
        var token = await fixture.FreshTokenAsync("agent1");
        var url = new Uri($"{fixture.Host.HubUrl}?access_token={Uri.EscapeDataString(token)}");
        await using (await ConsoleClient.ConnectAsync(url, "agent1", accessToken: null, HttpTransportType.WebSockets, Cancel))
        {
        }
        using (var response = await fixture.Host.Http.GetAsync($"/api/v1/agents/me?access_token={Uri.EscapeDataString(token)}", Cancel))
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        fixture.Host.Output.ShouldContain("Microsoft.AspNetCore", Case.Sensitive, "the host logs ASP.NET Core at Debug");
        fixture.Host.Output.ShouldNotContain(token);
        fixture.Host.Output.ShouldNotContain(token.Split('.')[2], Case.Sensitive, "not even the signature");
    }
}

/// <summary>Attacks on authorisation and input, against the shared host (Development settings).</summary>
[Collection(SharedHostCollection.Name)]
public sealed class SharedHostAttackTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> SupervisorAndAdminPaths =>
    [
        "/api/v1/complaints",
        "/api/v1/analytics/pyramid",
        "/api/v1/analytics/customer-equity",
        "/api/v1/analytics/retention",
        "/api/v1/analytics/satisfaction",
        "/api/v1/agents/supervisor1/stats",
    ];

    [Theory]
    [MemberData(nameof(SupervisorAndAdminPaths))]
    public async Task Privilege_escalation_an_agent_calling_a_supervisor_endpoint_gets_403(string path)
    {
        using var response = await _host.GetAsUserAsync("agent1", path, Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Forbidden, Cancel);
    }

    [Fact]
    public void Broken_object_level_authorisation_no_console_hub_method_names_an_agent_team_or_group()
    {
        var parameters = typeof(ConsoleHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .SelectMany(method => method.GetParameters().Select(parameter => $"{method.Name}({parameter.Name})"));

        parameters.ShouldNotContain(name => name.Contains("agent", StringComparison.OrdinalIgnoreCase)
            || name.Contains("user", StringComparison.OrdinalIgnoreCase)
            || name.Contains("team", StringComparison.OrdinalIgnoreCase)
            || name.Contains("group", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Broken_object_level_authorisation_an_agent_cannot_act_on_a_complaint_another_agent_owns_but_a_supervisor_may()
    {
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Batch(Profile(customerId, ownerAgentId: "agent1"), Complaint(customerId, complaintId)), Cancel);
        using (var taken = await _host.PostAsUserAsync("agent1", $"/api/v1/complaints/{complaintId}/steps", new { step = "listen" }, Cancel))
            await taken.ReadObjectAsync(HttpStatusCode.OK, Cancel);

        using (var intruder = await _host.PostAsUserAsync("agent2", $"/api/v1/complaints/{complaintId}/steps", new { step = "apologise" }, Cancel))
            (await intruder.ReadProblemAsync(HttpStatusCode.Conflict, Cancel)).String("ownerAgentId").ShouldBe("agent1");
        using var supervisor = await _host.PostAsUserAsync("supervisor1", $"/api/v1/complaints/{complaintId}/steps", new { step = "apologise" }, Cancel);
        var view = await supervisor.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        view.String("ownerAgentId").ShouldBe("agent1");
    }

    [Fact]
    public async Task Dashboard_exposure_the_orleans_dashboard_opens_for_admins_only()
    {
        using (var admin = await _host.GetAsUserAsync("admin", "/dashboard/", Cancel))
            admin.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var supervisor = await _host.GetAsUserAsync("supervisor1", "/dashboard/", Cancel))
            supervisor.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = await _host.Http.GetAsync("/dashboard/", Cancel);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Json_bomb_deeply_nested_event_data_is_a_400_problem()
    {
        var depth = 100_000;
        var nested = new string('[', depth) + new string(']', depth);
        var json = Purchase(NewId("cust"), 10m).ToJsonString().Replace("\"data\":{", $"\"extra\":{nested},\"data\":{{", StringComparison.Ordinal);

        using var response = await _host.PostEventsAsync(json, "application/cloudevents+json", Cancel);

        await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
    }
}
