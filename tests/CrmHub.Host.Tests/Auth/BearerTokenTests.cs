using System.Buffers.Text;
using System.Net;
using System.Text;

namespace CrmHub.Host.Tests.Auth;

public sealed class BearerTokenTests
{
    [Fact]
    public async Task A_request_without_a_token_gets_a_401_problem()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.UserPath);

        await AuthTestHost.ShouldBeProblemAsync(response, 401, "A valid bearer token is required.");
        response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task An_agent_may_use_service_agent_endpoints_but_gets_a_403_problem_on_supervisor_endpoints()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = (await host.SignInAsync("agent1")).AccessToken;

        using var serviceAgent = await host.GetAsync(AuthTestHost.ServiceAgentPath, bearer: token);
        using var supervisor = await host.GetAsync(AuthTestHost.SupervisorPath, bearer: token);

        serviceAgent.StatusCode.ShouldBe(HttpStatusCode.OK);
        await AuthTestHost.ShouldBeProblemAsync(supervisor, 403);
    }

    [Theory]
    [InlineData("super1", HttpStatusCode.OK, HttpStatusCode.OK)]
    [InlineData("admin1", HttpStatusCode.Forbidden, HttpStatusCode.OK)]
    public async Task Roles_open_the_service_agent_and_supervisor_policies_as_documented(
        string userName, HttpStatusCode serviceAgent, HttpStatusCode supervisor)
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = (await host.SignInAsync(userName)).AccessToken;

        using var serviceAgentResponse = await host.GetAsync(AuthTestHost.ServiceAgentPath, bearer: token);
        using var supervisorResponse = await host.GetAsync(AuthTestHost.SupervisorPath, bearer: token);

        serviceAgentResponse.StatusCode.ShouldBe(serviceAgent);
        supervisorResponse.StatusCode.ShouldBe(supervisor);
    }

    [Fact]
    public async Task An_expired_token_gets_a_401_problem()
    {
        // Issued an hour ago with a ten-minute lifetime: long past the 30 s clock skew.
        var anHourAgo = new FixedTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        await using var host = await AuthTestHost.StartAsync(
            new Dictionary<string, string?> { ["CrmHub:Auth:TokenLifetime"] = "00:10:00" }, anHourAgo);
        var token = await host.SignInAsync("agent1");
        token.ExpiresAt.ShouldBe(anHourAgo.GetUtcNow().AddMinutes(10));

        using var response = await host.GetAsync(AuthTestHost.UserPath, bearer: token.AccessToken);

        await AuthTestHost.ShouldBeProblemAsync(response, 401, "A valid bearer token is required.");
    }

    [Fact]
    public async Task A_token_whose_payload_was_altered_gets_a_401_problem()
    {
        await using var host = await AuthTestHost.StartAsync();
        var parts = (await host.SignInAsync("agent1")).AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]))
            .Replace("\"role\":\"Agent\"", "\"role\":\"Supervisor\"", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        using var response = await host.GetAsync(AuthTestHost.SupervisorPath, bearer: forged);

        await AuthTestHost.ShouldBeProblemAsync(response, 401);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_a_401_problem()
    {
        await using var other = await AuthTestHost.StartAsync(
            new Dictionary<string, string?> { ["CrmHub:Auth:SigningKey"] = "a-different-signing-key-also-over-32-bytes" });
        await using var host = await AuthTestHost.StartAsync();
        var foreignToken = (await other.SignInAsync("agent1")).AccessToken;

        using var response = await host.GetAsync(AuthTestHost.UserPath, bearer: foreignToken);

        await AuthTestHost.ShouldBeProblemAsync(response, 401);
    }

    [Theory]
    [InlineData(AuthTestHost.HubPath, HttpStatusCode.OK)]
    [InlineData(AuthTestHost.UserPath, HttpStatusCode.Unauthorized)]
    public async Task The_access_token_query_string_is_accepted_only_under_hubs(string path, HttpStatusCode expected)
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = (await host.SignInAsync("agent1")).AccessToken;

        using var response = await host.GetAsync($"{path}?access_token={Uri.EscapeDataString(token)}");

        response.StatusCode.ShouldBe(expected);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
