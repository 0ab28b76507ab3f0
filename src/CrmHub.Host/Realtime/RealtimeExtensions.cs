using System.Text.Json.Serialization;
using CrmHub.Host.Hubs;
using CrmHub.Host.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace CrmHub.Host;

public static class RealtimeExtensions
{
    public static WebApplicationBuilder AddCrmHubRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR()
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<IUserIdProvider, UserNameIdProvider>();
        builder.Services.AddSingleton<ConsoleBridge>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConsoleBridge>());
        builder.Services.AddHostedService<QueueStatsPublisher>();
        return builder;
    }

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
