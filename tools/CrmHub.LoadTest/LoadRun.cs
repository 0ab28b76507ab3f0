using System.Globalization;
using System.Text.Json;
using CrmHub.Simulation;
using Microsoft.AspNetCore.SignalR.Client;
using Spectre.Console;

namespace CrmHub.LoadTest;

/// <summary>What <c>--mode run</c> measured, for <c>--json</c>.</summary>
public sealed record RunReport(
    MachineFigures Machine,
    string LoadAverageAtEnd,
    LoadOptions Options,
    PhaseReport Paced,
    PhaseReport Capacity,
    FanOutReport FanOut,
    double? StorageWritesPerSecond,
    double? IngestToStorageRatio,
    double? FanOutToBareRatio,
    long OtherNotifications);

public sealed record PhaseReport(
    string Name,
    double Seconds,
    long EventsSent,
    long EventsAcknowledged,
    double EventsPerSecond,
    long Requests,
    IReadOnlyDictionary<string, int> Failures,
    Percentiles AckLatencyMs,
    long AlertsExpected,
    long AlertsReceived,
    Percentiles AlertLatencyMs,
    IReadOnlyList<double> AlertP99BySecondMs,
    ProcessFigures? Host)
{
    public static PhaseReport Of(IngestPhase phase) => new(
        phase.Name,
        phase.Seconds,
        phase.EventsSent,
        phase.EventsAcknowledged,
        phase.EventsPerSecond,
        phase.Requests,
        phase.Failures.ToDictionary(f => f.Key switch { 0 => "skipped (too many in flight)", -1 => "no answer", _ => $"HTTP {f.Key}" }, f => f.Value),
        phase.AckLatency.Summary(),
        phase.Alerts.Expected,
        phase.Alerts.Received,
        phase.Alerts.Latency.Summary(),
        phase.Alerts.P99BySecond(),
        phase.Host);

    /// <summary>The per-second p99s: lowest / median / highest, and how many seconds were over <paramref name="limitMs"/>.</summary>
    public string AlertP99SpreadOver(double limitMs)
    {
        if (AlertP99BySecondMs.Count == 0)
            return "no samples";
        var sorted = AlertP99BySecondMs.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{sorted[0]:0} / {sorted[sorted.Length / 2]:0} / {sorted[^1]:0} ms; {sorted.Count(p99 => p99 > limitMs)} of {sorted.Length} s over {limitMs:0} ms");
    }
}

public sealed record FanOutReport(
    int Complaints,
    long Deliveries,
    long DeliveriesExpected,
    double DeliveriesPerSecond,
    Percentiles LatencyMs,
    double? BareDeliveriesPerSecond,
    Percentiles? BareLatencyMs);

/// <summary>
/// <c>--mode run</c>: profiles for every customer, K consoles, a paced warm-up and measured run at E events/s, a closed-loop
/// ingest capacity phase, a fan-out burst; then the baselines (raw grain-storage writes, bare SignalR broadcast) and the ratios.
/// </summary>
public static class LoadRun
{
    public static async Task<RunReport> RunAsync(LoadOptions options, MachineFigures machine, CancellationToken cancellationToken)
    {
        var capacityDuration = TimeSpan.FromSeconds(Math.Max(5, options.Duration.TotalSeconds / 2));
        var tracker = new AlertTracker();
        IngestPhase paced, capacity, burst;
        IReadOnlyList<CrmHub.Abstractions.Events.InteractionEvent> burstComplaints;
        IReadOnlyList<string> users;
        Func<string, IReadOnlyList<string>> recipientsOf;

        await using (var host = await TargetHost.OpenAsync(options, cancellationToken))
        {
            var sampler = new ProcessSampler(host.ProcessId);
            var stamp = DateTimeOffset.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
            var generator = new EventGenerator(new SimulationSettings(options.Customers, host.Agents, options.Seed, $"lt{stamp}-", "/load-test"));
            var owners = generator.Customers.ToDictionary(c => c.Id, c => c.OwnerAgentId, StringComparer.Ordinal);
            users = [.. host.Agents, .. host.Supervisors];
            recipientsOf = customerId => [owners[customerId], .. host.Supervisors];

            ConsoleFleet? fleet = null;
            try
            {
                (paced, capacity, burst, burstComplaints) = await Report.WithProgress(async progress =>
                {
                    var profiles = progress.AddTask($"profiles of {options.Customers:#,0} customers", maxValue: options.Customers);
                    var driver = new IngestDriver(host, generator, tracker, customerId => recipientsOf(customerId).Sum(user => fleet?.ConsolesOf(user) ?? 0));
                    await driver.PostProfilesAsync(DateTimeOffset.UtcNow.AddDays(-30), 4, done => profiles.Value = done, cancellationToken);

                    var consoles = progress.AddTask($"{options.Consoles} consoles", maxValue: Math.Max(1, options.Consoles));
                    fleet = await ConsoleFleet.ConnectAsync(
                        users,
                        options.Consoles,
                        _ => host.HubUrl,
                        async user => await host.TokenAsync(user, cancellationToken),
                        connection => connection.InvokeAsync<JsonElement>("Resync", long.MaxValue / 2, cancellationToken),
                        tracker,
                        done => consoles.Value = done,
                        cancellationToken);
                    consoles.Value = consoles.MaxValue;

                    if (options.Warmup > TimeSpan.Zero)
                    {
                        var warmup = progress.AddTask($"warm-up {options.EventsPerSecond:#,0} events/s", maxValue: options.Warmup.TotalSeconds);
                        var warmupPhase = await driver.PacedAsync("warm-up", options.EventsPerSecond, options.BatchSize, options.Warmup, sampler, s => warmup.Value = s, cancellationToken);
                        // The cold start's backlog (JIT, first activations) is not to spill into the measured phase.
                        await warmupPhase.Alerts.WaitForAllAsync(TimeSpan.FromSeconds(30), cancellationToken);
                        warmup.Value = warmup.MaxValue;
                    }

                    var run = progress.AddTask($"paced {options.EventsPerSecond:#,0} events/s", maxValue: options.Duration.TotalSeconds);
                    var pacedPhase = await driver.PacedAsync("paced", options.EventsPerSecond, options.BatchSize, options.Duration, sampler, s => run.Value = s, cancellationToken);
                    await pacedPhase.Alerts.WaitForAllAsync(TimeSpan.FromSeconds(15), cancellationToken);
                    run.Value = run.MaxValue;

                    var most = progress.AddTask($"ingest capacity, {options.Parallelism} senders", maxValue: capacityDuration.TotalSeconds);
                    var capacityPhase = await driver.CapacityAsync(options.BatchSize, options.Parallelism, capacityDuration, sampler, s => most.Value = s, cancellationToken);
                    await capacityPhase.Alerts.WaitForAllAsync(TimeSpan.FromSeconds(15), cancellationToken);
                    most.Value = most.MaxValue;

                    var fan = progress.AddTask($"fan-out burst of {options.BurstComplaints} complaints", maxValue: 1);
                    var (burstPhase, complaints) = await driver.BurstAsync(Math.Min(options.BurstComplaints, options.Customers), cancellationToken);
                    fan.Value = 1;
                    return (pacedPhase, capacityPhase, burstPhase, complaints);
                });
            }
            finally
            {
                if (fleet is not null)
                    await fleet.DisposeAsync();
            }
        }

        double? storageWrites = null;
        (double DeliveriesPerSecond, AlertPhase Alerts)? bare = null;
        if (!options.SkipBaselines)
        {
            (storageWrites, bare) = await Report.WithProgress(async progress =>
            {
                var storage = progress.AddTask($"baseline: raw {options.Storage} grain-storage writes", maxValue: capacityDuration.TotalSeconds);
                var (writesPerSecond, _) = await StorageBaseline.RunAsync(
                    options.Storage, options.Customers, options.Parallelism, capacityDuration, s => storage.Value = s, cancellationToken);
                storage.Value = storage.MaxValue;
                var broadcast = progress.AddTask($"baseline: bare SignalR broadcast to {options.Consoles} consoles", maxValue: Math.Max(1, options.Consoles));
                var bareResult = await BroadcastBaseline.RunAsync(users, options.Consoles, burstComplaints, recipientsOf, done => broadcast.Value = done, cancellationToken);
                broadcast.Value = broadcast.MaxValue;
                return ((double?)writesPerSecond, ((double, AlertPhase)?)bareResult);
            });
        }

        var fanOutRate = burst.Seconds > 0 ? burst.Alerts.Received / burst.Seconds : 0;
        var report = new RunReport(
            machine,
            MachineFigures.LoadAverageNow(),
            options,
            PhaseReport.Of(paced),
            PhaseReport.Of(capacity),
            new FanOutReport(
                burstComplaints.Count, burst.Alerts.Received, burst.Alerts.Expected, fanOutRate, burst.Alerts.Latency.Summary(),
                bare?.DeliveriesPerSecond, bare?.Alerts.Latency.Summary()),
            storageWrites,
            storageWrites is > 0 ? capacity.EventsPerSecond / storageWrites : null,
            bare is { DeliveriesPerSecond: > 0 } b ? fanOutRate / b.DeliveriesPerSecond : null,
            tracker.OtherNotifications);
        Print(report);
        return report;
    }

    private static void Print(RunReport r)
    {
        var paced = r.Paced;
        Report.Table($"CrmHub at {r.Options.EventsPerSecond:#,0} events/s, {r.Options.Customers:#,0} customers, {r.Options.Consoles} consoles ({r.Machine.Storage} storage)",
        [
            ("paced throughput (acknowledged)", Report.Rate(paced.EventsPerSecond, "events"), "", "", $"{r.Options.EventsPerSecond:#,0} events/s offered"),
            ("HTTP ack latency (paced), p50/p95/p99/max", paced.AckLatencyMs.ToString(), "", "", ""),
            ("alert latency posted → console (paced), p50/p95/p99/max", paced.AlertLatencyMs.ToString(), "", "", "p99 ≤ 50 ms"),
            ("alert p99 of each second (paced), lowest/median/highest", paced.AlertP99SpreadOver(50), "", "", ""),
            ("alerts delivered (paced)", $"{paced.AlertsReceived:#,0} of {paced.AlertsExpected:#,0}", "", "", "all"),
            ("host during paced run", Report.Host(paced.Host), "", "", ""),
            ("failures (paced / capacity)", $"{string.Join(", ", paced.Failures.Select(f => $"{f.Value}× {f.Key}").DefaultIfEmpty("none"))} / {string.Join(", ", r.Capacity.Failures.Select(f => $"{f.Value}× {f.Key}").DefaultIfEmpty("none"))}", "", "", "none"),
            ("durable ingest capacity vs raw storage writes", Report.Rate(r.Capacity.EventsPerSecond, "events"), r.StorageWritesPerSecond is { } w ? Report.Rate(w, "writes") : "skipped", r.IngestToStorageRatio is { } i ? $"{i:0.00}×" : "n/a", "≥ 0.7×"),
            ("HTTP ack latency (capacity)", r.Capacity.AckLatencyMs.ToString(), "", "", ""),
            ("host during capacity run", Report.Host(r.Capacity.Host), "", "", ""),
            ("fan-out burst deliveries", Report.Rate(r.FanOut.DeliveriesPerSecond, "deliveries"), r.FanOut.BareDeliveriesPerSecond is { } d ? Report.Rate(d, "deliveries") : "skipped", r.FanOutToBareRatio is { } f ? $"{f:0.00}×" : "n/a", "≥ 0.8×"),
            ("fan-out burst latency", r.FanOut.LatencyMs.ToString(), r.FanOut.BareLatencyMs?.ToString() ?? "", "", ""),
            ("fan-out deliveries", $"{r.FanOut.Deliveries:#,0} of {r.FanOut.DeliveriesExpected:#,0}", "", "", "all"),
        ]);
        AnsiConsole.MarkupLineInterpolated($"Load average at start {r.Machine.LoadAverage}, at end {r.LoadAverageAtEnd}; other notifications received: {r.OtherNotifications:#,0}");
    }
}
