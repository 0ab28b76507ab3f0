using CrmHub.Abstractions.ContactCentre;
using CrmHub.Grains.ContactCentre;
using CrmHub.Grains.Hosting;
using CrmHub.Host.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CrmHub.Host.Realtime;

/// <summary>
/// D10: pushes queue figures to the supervisors' consoles this silo holds. Every silo runs one; while it holds a
/// supervisor's console it reads every queue's report once per <see cref="ContactCentreOptions.StatsPushInterval"/>
/// (pull, so nothing is subscribed and nothing lapses when a silo dies) and pushes a queue's snapshot — and the overall
/// one, queue <c>*</c> — only when its figures changed since this silo last pushed it. So each queue reaches a console at
/// most once per interval, the latest state wins, and the inbox's sequence numbers are not involved.
/// </summary>
public sealed partial class QueueStatsPublisher(
    IGrainFactory grains,
    IHubContext<ConsoleHub, IConsoleClient> hub,
    ConsoleBridge bridge,
    IOptions<ContactCentreOptions> options,
    TimeProvider time,
    ILogger<QueueStatsPublisher> logger) : BackgroundService
{
    private readonly Dictionary<string, QueueStatsSnapshot> _pushed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatsPushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!bridge.HoldsSupervisors)
            {
                // A supervisor who opens a console later gets every queue anew.
                _pushed.Clear();
                continue;
            }
            try
            {
                await PushChanges();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPushFailed(logger, e);
            }
        }
    }

    private async Task PushChanges()
    {
        var overview = await QueueOverview.Read(grains, options.Value.Metrics, time.GetUtcNow());
        foreach (var snapshot in overview.Queues.Prepend(overview.Overall))
        {
            if (snapshot.SameFiguresAs(_pushed.GetValueOrDefault(snapshot.Queue)))
                continue;
            await hub.Clients.Group(ConsoleHub.SupervisorsGroup).QueueStats(snapshot);
            _pushed[snapshot.Queue] = snapshot;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading or pushing the queue figures failed; trying again next interval")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
