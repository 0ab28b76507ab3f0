using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmHub.ServiceDefaults.Tests;

/// <summary>A web app with the service defaults on an in-memory test server, in the Production environment.</summary>
internal sealed class ServiceDefaultsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceDefaultsHost(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ServiceDefaultsHost> StartAsync(
        Action<IHealthChecksBuilder>? addChecks = null, Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        // Hermetic: no OTLP export, whatever the machine's environment says.
        builder.Configuration[Extensions.OtlpEndpointKey] = "";
        builder.AddServiceDefaults();
        addChecks?.Invoke(builder.Services.AddHealthChecks());

        var app = builder.Build();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ServiceDefaultsHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
