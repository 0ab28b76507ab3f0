using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>The host's operational endpoints and sign-in, as a deployment sees them.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class HostEndpointTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/alive")]
    [InlineData("/health")]
    public async Task The_probes_answer_200(string path)
    {
        using var response = await _host.Http.GetAsync(path, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task The_openapi_document_is_json_describing_the_events_endpoint()
    {
        using var response = await _host.Http.GetAsync("/openapi/v1.json", Cancel);

        var document = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var paths = document["paths"].ShouldBeOfType<JsonObject>();
        paths.ShouldContainKey("/api/v1/events");
        paths["/api/v1/events"]!.AsObject().ShouldContainKey("post");
        paths.ShouldContainKey("/api/v1/customers/{id}");
    }

    [Fact]
    public async Task The_metrics_endpoint_answers_in_prometheus_text()
    {
        using var response = await _host.Http.GetAsync("/metrics", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("# TYPE");
    }

    [Theory]
    [InlineData("agent1", "Agent")]
    [InlineData("supervisor1", "Supervisor")]
    [InlineData("admin", "Admin")]
    public async Task A_demo_account_signs_in_and_gets_a_token_with_its_role(string userName, string role)
    {
        using var response = await _host.Http.PostAsJsonAsync(
            "/api/v1/auth/token", new { userName, password = HostProcess.DemoPassword }, Cancel);

        var token = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        token.String("accessToken").ShouldNotBeNullOrWhiteSpace();
        token.String("userName").ShouldBe(userName);
        token.String("role").ShouldBe(role);
        token["expiresAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_problem()
    {
        using var response = await _host.Http.PostAsJsonAsync(
            "/api/v1/auth/token", new { userName = "agent1", password = "wrong" }, Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, Cancel);
    }
}
