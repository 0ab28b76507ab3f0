using System.Text.Json.Serialization;
using CrmHub.Host.Apis.Agents;
using CrmHub.Host.Apis.Analytics;
using CrmHub.Host.Apis.Complaints;
using CrmHub.Host.Apis.Customers;
using CrmHub.Host.Apis.Events;
using CrmHub.Host.Apis.Queues;
using CrmHub.Host.Apis.Staffing;
using CrmHub.Host.Telemetry;

namespace CrmHub.Host;

public static class ApiExtensions
{
    /// <summary>
    /// Where HTTP listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> (nor <c>Urls</c>) nor
    /// <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> (set by the official container images) says otherwise.
    /// </summary>
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddCrmHubApis(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.Services.AddProblemDetails();
        // A request the framework cannot bind (malformed JSON, wrong content type) is the client's mistake: answer
        // its own status (400, 415, …) as a problem, not 500. Binding throws BadHttpRequestException in Development.
        builder.Services.Configure<ExceptionHandlerOptions>(options =>
            options.StatusCodeSelector = exception => exception is BadHttpRequestException bad
                ? bad.StatusCode
                : StatusCodes.Status500InternalServerError);
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddCrmHubMetrics();
        builder.AddCrmHubOpenApi();
        return builder;
    }

    /// <summary>Every error answer, also from middleware, is <c>application/problem+json</c>.</summary>
    public static WebApplication UseCrmHubProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    public static WebApplication MapCrmHubApis(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapEventsApi();
        api.MapCustomersApi();
        api.MapComplaintsApi();
        api.MapAgentsApi();
        api.MapAnalyticsApi();
        api.MapQueuesApi();
        api.MapStaffingApi();
        return app;
    }
}
