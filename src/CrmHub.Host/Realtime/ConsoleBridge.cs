using System.Collections.Immutable;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Grains.Hosting;
using CrmHub.Host.Hubs;
using CrmHub.Host.Telemetry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CrmHub.Host.Realtime;

/// <summary>
/// This silo's bridge between grains and the SignalR connections it holds. Agent grains push to it
/// (it is their <see cref="IConsoleObserver"/>); it reports which agents have consoles here when they
/// open or close and again every <see cref="RealtimeOptions.ConsoleReportPeriod"/>, which renews the
/// observer leases, so a dead silo's consoles simply lapse. Nothing here assumes a single silo.
/// </summary>
public sealed partial class ConsoleBridge(
    IGrainFactory grains,
    IHubContext<ConsoleHub, IConsoleClient> hub,
    ILocalSiloDetails silo,
    IOptions<RealtimeOptions> options,
    CrmHubMetrics metrics,
    TimeProvider time,
    ILogger<ConsoleBridge> logger) : BackgroundService, IConsoleObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _connectionsByAgent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _supervisorConnections = new(StringComparer.Ordinal);
    private IConsoleObserver? _reference;

    /// <summary>This bridge as grains address it; created on first use, once the silo runs.</summary>
    private IConsoleObserver Reference
    {
        get
        {
            lock (_gate)
                return _reference ??= grains.CreateObjectReference<IConsoleObserver>(this);
        }
    }

    /// <summary>Whether this silo holds a supervisor's console (only then are queue figures fetched and pushed here).</summary>
    public bool HoldsSupervisors
    {
        get
        {
            lock (_gate)
                return _supervisorConnections.Count > 0;
        }
    }

    public Task ConsoleOpened(string agentId, string connectionId, bool isSupervisor = false)
    {
        int count;
        lock (_gate)
        {
            if (isSupervisor)
                _supervisorConnections.Add(connectionId);
            if (!_connectionsByAgent.TryGetValue(agentId, out var connections))
                _connectionsByAgent[agentId] = connections = [];
            connections.Add(connectionId);
            count = connections.Count;
        }
        return Report(agentId, count);
    }

    public Task ConsoleClosed(string agentId, string connectionId)
    {
        int count;
        lock (_gate)
        {
            _supervisorConnections.Remove(connectionId);
            if (!_connectionsByAgent.TryGetValue(agentId, out var connections))
                return Task.CompletedTask;
            connections.Remove(connectionId);
            count = connections.Count;
            if (count == 0)
                _connectionsByAgent.Remove(agentId);
        }
        return Report(agentId, count);
    }

    public async Task Push(string agentId, Notification notification)
    {
        await hub.Clients.User(agentId).Notify(notification);
        metrics.AlertSent(notification.Kind, time.GetUtcNow() - notification.OccurredAt);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ConsoleReportPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReportEveryone();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReportFailed(logger, e);
            }
        }
    }

    private async Task Report(string agentId, int openConsoles)
    {
        await grains.GetGrain<IAgentGrain>(agentId).ReportConsoles(Reference, openConsoles);
        await ReportDesk(agentId, openConsoles);
        await ReportOnlineAgents();
    }

    private async Task ReportEveryone()
    {
        List<(string AgentId, int Count)> agents;
        lock (_gate)
            agents = [.. _connectionsByAgent.Select(entry => (entry.Key, entry.Value.Count))];
        await Task.WhenAll(agents.Select(agent => grains.GetGrain<IAgentGrain>(agent.AgentId).ReportConsoles(Reference, agent.Count)));
        // The same lease keeps the agents' desks online (D10 presence: Offline after the grace period without one).
        await Task.WhenAll(agents.Select(agent => ReportDesk(agent.AgentId, agent.Count)));
        await ReportOnlineAgents();
    }

    /// <summary>
    /// D10 presence rides on the same lease. Best effort: a desk that cannot be reached must not keep a console from
    /// connecting or other agents from being renewed; the next period reports again.
    /// </summary>
    private async Task ReportDesk(string agentId, int openConsoles)
    {
        try
        {
            await grains.GetGrain<IAgentDeskGrain>(agentId).ReportConsoles(SiloId, openConsoles);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeskReportFailed(logger, e, agentId);
        }
    }

    private Task ReportOnlineAgents()
    {
        ImmutableArray<string> agentIds;
        lock (_gate)
            agentIds = [.. _connectionsByAgent.Keys];
        return grains.GetGrain<IOnlineAgentsGrain>(IOnlineAgentsGrain.ClusterKey).Report(SiloId, agentIds);
    }

    private string SiloId => silo.SiloAddress.ToParsableString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting the consoles of {AgentId} to the agent's desk failed; retrying next period")]
    private static partial void LogDeskReportFailed(ILogger logger, Exception exception, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-reporting open consoles failed; retrying next period")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
