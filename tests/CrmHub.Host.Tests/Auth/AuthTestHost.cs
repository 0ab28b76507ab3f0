using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmHub.Host.Tests.Auth;

/// <summary>
/// A minimal web app with only the auth parts (no Orleans) on Kestrel at 127.0.0.1:0, configured in memory,
/// plus one tiny endpoint per policy.
/// </summary>
internal sealed class AuthTestHost : IAsyncDisposable
{
    public const string SigningKey = "test-only-signing-key-of-more-than-32-bytes";
    public const string Password = "correct horse battery staple";
    public const string ApiKey = "test-events-key";
    public const string ApiKeyName = "test-producer";
    public const string OtherApiKey = "other-events-key";
    public const string OtherApiKeyName = "other-producer";

    public const string UserPath = "/test/user";
    public const string ServiceAgentPath = "/test/service-agent";
    public const string SupervisorPath = "/test/supervisor";
    public const string ProducerPath = "/test/events";
    public const string HubPath = "/hubs/test";

    // Hashing is deliberately slow: hash the shared test password once for every test.
    private static readonly Lazy<string> PasswordHash = new(() => CrmHubPasswords.Hash(Password));

    private AuthTestHost(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>agent1 (Agent, "Agent One"), super1 (Supervisor), admin1 (Admin), all with <see cref="Password"/>; two API keys.</summary>
    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["CrmHub:Auth:SigningKey"] = SigningKey,
        ["CrmHub:Auth:Users:0:UserName"] = "agent1",
        ["CrmHub:Auth:Users:0:DisplayName"] = "Agent One",
        ["CrmHub:Auth:Users:0:Role"] = CrmHubRoles.Agent,
        ["CrmHub:Auth:Users:0:PasswordHash"] = PasswordHash.Value,
        ["CrmHub:Auth:Users:1:UserName"] = "super1",
        ["CrmHub:Auth:Users:1:DisplayName"] = "Super One",
        ["CrmHub:Auth:Users:1:Role"] = CrmHubRoles.Supervisor,
        ["CrmHub:Auth:Users:1:PasswordHash"] = PasswordHash.Value,
        ["CrmHub:Auth:Users:2:UserName"] = "admin1",
        ["CrmHub:Auth:Users:2:Role"] = CrmHubRoles.Admin,
        ["CrmHub:Auth:Users:2:PasswordHash"] = PasswordHash.Value,
        ["CrmHub:Auth:ApiKeys:0:Name"] = ApiKeyName,
        ["CrmHub:Auth:ApiKeys:0:Sha256"] = CrmHubApiKeyOptions.DigestOf(ApiKey),
        ["CrmHub:Auth:ApiKeys:1:Name"] = OtherApiKeyName,
        ["CrmHub:Auth:ApiKeys:1:Sha256"] = CrmHubApiKeyOptions.DigestOf(OtherApiKey).ToUpperInvariant(),
    };

    /// <summary>A builder whose configuration is only the defaults with <paramref name="overrides"/> applied.</summary>
    public static WebApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = DefaultSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "AuthTests",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Nothing from appsettings files or the environment: each test sees exactly its own settings.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder;
    }

    public static async Task<AuthTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides = null, TimeProvider? timeProvider = null)
    {
        var builder = CreateBuilder(overrides);
        if (timeProvider is not null)
            builder.Services.AddSingleton(timeProvider);
        builder.AddCrmHubAuth();

        var app = builder.Build();
        app.UseCrmHubAuth();
        app.MapCrmHubAuth();
        MapTestEndpoint(app, UserPath, AuthPolicies.User);
        MapTestEndpoint(app, ServiceAgentPath, AuthPolicies.ServiceAgent);
        MapTestEndpoint(app, SupervisorPath, AuthPolicies.Supervisor);
        MapTestEndpoint(app, HubPath, AuthPolicies.User);
        MapTestEndpoint(app, ProducerPath, AuthPolicies.EventProducer).RequireRateLimiting(RateLimitPolicies.EventProducers);

        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        return new AuthTestHost(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>Answers with the principal's name.</summary>
    private static RouteHandlerBuilder MapTestEndpoint(WebApplication app, string path, string policy) =>
        app.MapGet(path, (ClaimsPrincipal user) => user.UserName()).RequireAuthorization(policy);

    public Task<HttpResponseMessage> PostTokenAsync(object body) =>
        Client.PostAsJsonAsync("/api/v1/auth/token", body, TestContext.Current.CancellationToken);

    /// <summary>Signs in with the test password and returns the token response.</summary>
    public async Task<TokenResponse> SignInAsync(string userName)
    {
        using var response = await PostTokenAsync(new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(TestContext.Current.CancellationToken)).ShouldNotBeNull();
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? bearer = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (apiKey is not null)
            request.Headers.Add(ApiKeyAuthenticationDefaults.HeaderName, apiKey);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Asserts a problem-details answer with this status (and title) and returns it.</summary>
    public static async Task<HttpValidationProblemDetails> ShouldBeProblemAsync(
        HttpResponseMessage response, int status, string? title = null)
    {
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(TestContext.Current.CancellationToken))
            .ShouldNotBeNull();
        problem.Status.ShouldBe(status);
        if (title is not null)
            problem.Title.ShouldBe(title);
        return problem;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
