using System.Diagnostics;
using CrmHub.Abstractions.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmHub.LoadTest;

/// <summary>
/// The ceiling of fan-out: a bare SignalR hub of this tool's own (no auth, no grains, no inbox), the same number of
/// consoles spread over the same users, and the same complaint alerts sent to the same recipients (a group per user).
/// </summary>
public static class BroadcastBaseline
{
    public static async Task<(double DeliveriesPerSecond, AlertPhase Alerts)> RunAsync(
        IReadOnlyList<string> users,
        int consoles,
        IReadOnlyList<InteractionEvent> complaints,
        Func<string, IReadOnlyList<string>> recipientsOf,
        Action<int> connected,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSignalR();
        await using var app = builder.Build();
        app.MapHub<BareHub>("/bare");
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Urls.First());
        var tracker = new AlertTracker();
        await using var fleet = await ConsoleFleet.ConnectAsync(
            users,
            consoles,
            user => new Uri(address, $"bare?user={Uri.EscapeDataString(user)}"),
            _ => Task.FromResult<string?>(null),
            connection => connection.InvokeAsync<bool>("Ready", cancellationToken),
            tracker,
            connected,
            cancellationToken);

        var hub = app.Services.GetRequiredService<IHubContext<BareHub>>();
        var alerts = new AlertPhase();
        var started = Stopwatch.GetTimestamp();
        var seq = 0L;
        foreach (var complaint in complaints)
        {
            var raised = (ComplaintRaised)complaint.Data;
            var recipients = recipientsOf(complaint.CustomerId);
            tracker.Posted(raised.ComplaintId, started, alerts, recipients.Sum(fleet.ConsolesOf));
            var notification = new
            {
                seq = ++seq,
                kind = "complaintAlert",
                occurredAt = DateTimeOffset.UtcNow,
                data = new
                {
                    complaintId = raised.ComplaintId,
                    customerId = complaint.CustomerId,
                    customerName = complaint.CustomerId,
                    subject = raised.Subject,
                    category = raised.Category.ToString(),
                    severity = raised.Severity.ToString(),
                    openedAt = complaint.Time,
                },
            };
            foreach (var recipient in recipients)
                await hub.Clients.Group(recipient).SendAsync("Notify", notification, cancellationToken);
        }
        await alerts.WaitForAllAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started, Math.Max(alerts.LastReceivedAt, started)).TotalSeconds;
        await app.StopAsync(CancellationToken.None);
        return (seconds > 0 ? alerts.Received / seconds : 0, alerts);
    }
}

/// <summary>A console joins its user's group (the user is named in the query string: this hub has no auth).</summary>
internal sealed class BareHub : Hub
{
    public override Task OnConnectedAsync() =>
        Groups.AddToGroupAsync(Context.ConnectionId, Context.GetHttpContext()!.Request.Query["user"].ToString());

    /// <summary>A round trip: once it returns, the console is in its group.</summary>
    public Task<bool> Ready() => Task.FromResult(Context.ConnectionId.Length > 0);
}
