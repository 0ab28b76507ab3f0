using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmHub.Host.Tests.OpenApi;

public class CrmHubOpenApiTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_document_is_titled_CrmHub_API_and_describes_bearer_JWT_and_X_Api_Key()
    {
        await using var app = await StartAsync(Environments.Production);
        using var client = ClientOf(app);

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Cancel)).ShouldNotBeNull();

        document["info"]!["title"]!.GetValue<string>().ShouldBe("CrmHub API");
        var schemes = document["components"]!["securitySchemes"].ShouldNotBeNull();
        schemes["Bearer"]!["type"]!.GetValue<string>().ShouldBe("http");
        schemes["Bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
        schemes["Bearer"]!["bearerFormat"]!.GetValue<string>().ShouldBe("JWT");
        schemes["ApiKey"]!["type"]!.GetValue<string>().ShouldBe("apiKey");
        schemes["ApiKey"]!["in"]!.GetValue<string>().ShouldBe("header");
        schemes["ApiKey"]!["name"]!.GetValue<string>().ShouldBe("X-Api-Key");
    }

    [Fact]
    public async Task Each_operation_names_the_scheme_its_authorization_policy_takes_and_anonymous_ones_none()
    {
        await using var app = await StartAsync(Environments.Production);
        using var client = ClientOf(app);

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Cancel)).ShouldNotBeNull();

        string[] SchemesOf(string path) =>
            (document["paths"]![path]!["get"]!["security"]?.AsArray() ?? [])
            .SelectMany(requirement => requirement!.AsObject().Select(p => p.Key))
            .ToArray();
        SchemesOf("/test/user").ShouldBe(["Bearer"]);
        SchemesOf("/test/events").ShouldBe(["ApiKey"]);
        SchemesOf("/test/anonymous").ShouldBeEmpty();
        SchemesOf("/test/open").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Development", HttpStatusCode.OK)]
    [InlineData("Production", HttpStatusCode.NotFound)]
    public async Task The_Scalar_explorer_is_served_only_in_Development(string environment, HttpStatusCode expected)
    {
        await using var app = await StartAsync(environment);
        using var client = ClientOf(app);

        using var response = await client.GetAsync("/scalar", Cancel);

        response.StatusCode.ShouldBe(expected);
    }

    private static async Task<WebApplication> StartAsync(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(CrmHubOpenApiExtensions).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Nothing from appsettings files or the environment.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddCrmHubOpenApi();

        var app = builder.Build();
        app.MapCrmHubOpenApi();
        app.MapGet("/test/user", () => Results.Ok()).RequireAuthorization(AuthPolicies.User);
        app.MapGet("/test/events", () => Results.Ok()).RequireAuthorization(AuthPolicies.EventProducer);
        app.MapGet("/test/anonymous", () => Results.Ok()).RequireAuthorization(AuthPolicies.User).AllowAnonymous();
        app.MapGet("/test/open", () => Results.Ok());
        await app.StartAsync(Cancel);
        return app;
    }

    private static HttpClient ClientOf(WebApplication app) => new()
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()),
    };
}
