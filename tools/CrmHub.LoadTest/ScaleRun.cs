using System.Diagnostics;
using System.Globalization;
using CrmHub.Abstractions.Events;
using CrmHub.Simulation;
using Spectre.Console;

namespace CrmHub.LoadTest;

/// <summary>What <c>--mode grains</c> or <c>--mode restart</c> measured, for <c>--json</c>.</summary>
public sealed record ScaleReport(
    MachineFigures Machine,
    LoadOptions Options,
    int Customers,
    double SeedSeconds,
    double SeedEventsPerSecond,
    ProcessFigures? HostAfterSeed,
    double? RestartHealthySeconds,
    double? RestartFirstReadSeconds,
    ProcessFigures? HostAfterRestart);

/// <summary>
/// Scale: seeds N customers (a profile and a contact each, so every one is an active grain with state), then reports the
/// host's working set (<c>grains</c>), or SIGKILLs it and times a restart on the same data until <c>/health</c> answers
/// 200 and until a customer's 360 view is read (<c>restart</c>).
/// </summary>
public static class ScaleRun
{
    // Customers per request: two events each, within the 1,000-event batch limit.
    private const int SeedBatch = 500;

    private const int SeedParallelism = 4;

    public static async Task<ScaleReport> RunAsync(LoadOptions options, MachineFigures machine, CancellationToken cancellationToken)
    {
        if (options.Url is not null && options.Mode == LoadMode.Restart)
            throw new ArgumentException("--mode restart starts its own host: leave out --url.");
        await using var host = await TargetHost.OpenAsync(options, cancellationToken);
        var stamp = DateTimeOffset.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
        var generator = new EventGenerator(new SimulationSettings(options.Grains, host.Agents, options.Seed, $"ls{stamp}-", "/load-test"));
        var phase = new IngestPhase("seed");
        var clock = Stopwatch.StartNew();
        await Report.WithProgress(async progress =>
        {
            var task = progress.AddTask($"seeding {options.Grains:#,0} customers", maxValue: options.Grains);
            var now = DateTimeOffset.UtcNow;
            var driver = new IngestDriver(host, generator, new AlertTracker(), _ => 0);
            var batches = generator.Customers.Chunk(SeedBatch)
                .Select(customers => (IReadOnlyList<InteractionEvent>)[.. customers.SelectMany(c => new[]
                {
                    generator.Profile(c, now.AddDays(-30)),
                    generator.Next(SimulatedEventKind.Contact, c, now),
                })])
                .ToList();
            var done = 0;
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism, CancellationToken = cancellationToken }, async (batch, token) =>
            {
                await driver.PostAsync(batch, phase, token);
                task.Value = Interlocked.Add(ref done, batch.Count / 2);
            });
            return 0;
        });
        phase.Seconds = clock.Elapsed.TotalSeconds;
        if (phase.EventsAcknowledged != phase.EventsSent)
            throw new InvalidOperationException($"Seeding failed: {IngestDriver.Describe(phase)}.");

        // Let the grains settle (outboxes, bucket reports) before reading the working set.
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        var afterSeed = new ProcessSampler(host.ProcessId).Sample();
        double? healthy = null, firstRead = null;
        ProcessFigures? afterRestart = null;
        if (options.Mode == LoadMode.Restart)
        {
            healthy = await host.KillAndRestartAsync(cancellationToken);
            var read = Stopwatch.StartNew();
            var customer = generator.Customers[generator.Customers.Count / 2];
            while (await host.GetAsUserAsync(customer.OwnerAgentId, $"/api/v1/customers/{customer.Id}", cancellationToken) != System.Net.HttpStatusCode.OK)
            {
                if (read.Elapsed > TimeSpan.FromMinutes(2))
                    throw new TimeoutException($"{customer.Id} was not readable within 2 minutes of the restart.");
                await Task.Delay(20, cancellationToken);
            }
            firstRead = healthy + read.Elapsed.TotalSeconds;
            afterRestart = new ProcessSampler(host.ProcessId).Sample();
        }

        var report = new ScaleReport(machine, options, options.Grains, phase.Seconds, phase.EventsPerSecond, afterSeed, healthy, firstRead, afterRestart);
        Report.Table($"{options.Grains:#,0} customers ({options.Storage} storage)",
        [
            ("seeding (profile + contact each)", $"{report.SeedSeconds:0.0} s, {Report.Rate(report.SeedEventsPerSecond, "events")}", "", "", ""),
            ("host after seeding", Report.Host(afterSeed), "", "", "RSS ≤ 1 GB with 100k active customer grains"),
            ("restart: /health 200 after", healthy is { } h ? $"{h:0.00} s" : "n/a", "", "", "≤ 5 s with 100k persisted customers"),
            ("restart: first 360 view after", firstRead is { } f ? $"{f:0.00} s" : "n/a", "", "", ""),
            ("host after restart", Report.Host(afterRestart), "", "", ""),
        ]);
        return report;
    }
}
