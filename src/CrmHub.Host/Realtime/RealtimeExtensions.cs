using System.Text.Json.Serialization;
using CrmHub.Host.Hubs;
using CrmHub.Host.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace CrmHub.Host;

/// <summary>Section <c>CrmHub:Cors</c>: which other web origins may call the API and open consoles.</summary>
public sealed class CorsSettings
{
    public const string Section = "CrmHub:Cors";

    /// <summary>Origins such as <c>https://crm.example.com</c>; the host's own origin is always allowed.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public static CorsSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<CorsSettings>() ?? new CorsSettings();
}

public static class RealtimeExtensions
{
    public static WebApplicationBuilder AddCrmHubRealtime(this WebApplicationBuilder builder)
    {
        // Request-start logs carry the query string, and a WebSocket console sends its token there (access_token).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        var origins = CorsSettings.From(builder.Configuration).AllowedOrigins;
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials()));
        builder.Services.AddSignalR()
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<IUserIdProvider, UserNameIdProvider>();
        builder.Services.AddSingleton<ConsoleBridge>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConsoleBridge>());
        builder.Services.AddHostedService<QueueStatsPublisher>();
        return builder;
    }

    /// <summary>
    /// CORS for the allowed origins, and the console hub refuses a browser of any other origin (403): WebSockets are not
    /// subject to CORS, so without this check any web page could open a console with a token it got hold of.
    /// </summary>
    public static WebApplication UseCrmHubOrigins(this WebApplication app)
    {
        var allowed = CorsSettings.From(app.Configuration).AllowedOrigins.ToHashSet(StringComparer.OrdinalIgnoreCase);
        app.UseCors();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(ConsoleHub.Path),
            hub => hub.Use(async (context, next) =>
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (origin.Length == 0 || allowed.Contains(origin) || IsOwnOrigin(context.Request, origin))
                {
                    await next(context);
                    return;
                }
                await TypedResults.Problem(
                    title: "This origin may not open a console.",
                    detail: $"Origin '{origin}' is not in {CorsSettings.Section}:AllowedOrigins.",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            }));
        return app;
    }

    private static bool IsOwnOrigin(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);

    public static WebApplication MapCrmHubRealtime(this WebApplication app)
    {
        app.MapHub<ConsoleHub>(ConsoleHub.Path, options => options.CloseOnAuthenticationExpiration = true);
        return app;
    }
}

/// <summary>SignalR addresses users by user name, which is also the agent id.</summary>
internal sealed class UserNameIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.Identity?.Name;
}
