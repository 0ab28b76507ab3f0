using System.Net;

namespace CrmHub.Host.Tests.Auth;

public sealed class ApiKeyTests
{
    [Theory]
    [InlineData(AuthTestHost.ApiKey, AuthTestHost.ApiKeyName)]
    [InlineData(AuthTestHost.OtherApiKey, AuthTestHost.OtherApiKeyName)]
    public async Task A_configured_api_key_authenticates_as_the_producer_it_names(string apiKey, string producer)
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.ProducerPath, apiKey: apiKey);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe(producer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("TEST-EVENTS-KEY")]
    public async Task A_missing_or_wrong_api_key_gets_a_401_problem(string? apiKey)
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.ProducerPath, apiKey: apiKey);

        await AuthTestHost.ShouldBeProblemAsync(response, 401, "A valid X-Api-Key header is required.");
    }

    [Fact]
    public async Task A_users_bearer_token_does_not_open_event_producer_endpoints()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = (await host.SignInAsync("admin1")).AccessToken;

        using var response = await host.GetAsync(AuthTestHost.ProducerPath, bearer: token);

        await AuthTestHost.ShouldBeProblemAsync(response, 401, "A valid X-Api-Key header is required.");
    }

    [Fact]
    public async Task An_api_key_does_not_open_user_endpoints()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.UserPath, apiKey: AuthTestHost.ApiKey);

        await AuthTestHost.ShouldBeProblemAsync(response, 401, "A valid bearer token is required.");
    }
}
