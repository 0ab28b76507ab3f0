using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CrmHub.Grains.Hosting.Reminders;
using CrmHub.Grains.Hosting.Storage;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// The embedded file store survives SIGKILL at any moment: the real host is killed again and again while producers
/// post events, and afterwards every state file is whole and every event that got a 200 is in its customer's state.
/// A damaged state file is reported by /health and never silently replaced. Each test starts its own host.
/// </summary>
public sealed class CrashSafeStoreTests
{
    private const int Rounds = 10;
    private const int Writers = 4;

    private static readonly Dictionary<string, string> Unthrottled = new()
    {
        ["CrmHub__RateLimits__EventProducers__PermitsPerSecond"] = "1000000",
        ["CrmHub__RateLimits__EventProducers__BurstLimit"] = "1000000",
    };

    /// <summary>How long a round waits for its first answer before it kills anyway (a slow start on a busy machine).</summary>
    private static readonly TimeSpan FirstAnswerTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_killed_again_and_again_while_writing_leaves_every_state_file_whole_and_every_acknowledged_event_stored()
    {
        await using var host = await HostProcess.StartAsync(Unthrottled, cancellationToken: Cancel);
        string[] customers = [.. Enumerable.Range(1, 6).Select(_ => NewId("kill"))];
        var acknowledged = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var clock = Stopwatch.StartNew();

        for (var round = 0; round < Rounds; round++)
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers)
                .Select(writer => PostUntilStopped(host, customers, $"r{round}w{writer}", acknowledged, stop.Token))
                .ToArray();
            // Kill mid-stream: once this round's writes are flowing (an answer came back), at a random moment after.
            var before = Count(acknowledged);
            var flowing = Stopwatch.StartNew();
            while (Count(acknowledged) == before && flowing.Elapsed < FirstAnswerTimeout && writers.Any(writer => !writer.IsCompleted))
                await Task.Delay(20, Cancel);
            await Task.Delay(Random.Shared.Next(0, 400), Cancel);
            host.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            await host.RestartAsync(Cancel);
        }

        var acked = Count(acknowledged);
        TestContext.Current.SendDiagnosticMessage($"{Rounds} SIGKILLs in {clock.Elapsed.TotalSeconds:0.0} s; {acked} events acknowledged");
        acked.ShouldBeGreaterThanOrEqualTo(Rounds, "the writers got events through in every round");
        EveryStateFileIsWhole(host.DataDirectory);
        foreach (var (customer, ids) in acknowledged)
        {
            var again = await host.PostEventsOkAsync(Batch([.. ids.Select(id => Purchase(customer, 1m, id, orderId: id))]), Cancel);
            again.Accepted.ShouldBe(0, $"every acknowledged event of {customer} is already stored");
            again.Duplicates.ShouldBe(ids.Count);
            using var response = await host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{customer}", Cancel);
            var view = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
            view["purchaseCount"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(ids.Count);
        }
    }

    [Fact]
    public async Task A_damaged_state_file_is_reported_by_health_and_kept_while_the_host_serves_everyone_else()
    {
        await using var host = await HostProcess.StartAsync(Cancel);
        var damaged = NewId("torn");
        var healthy = NewId("whole");
        await host.PostEventsOkAsync(Batch(Profile(damaged, name: "Torn Ltd"), Profile(healthy, name: "Whole Ltd")), Cancel);
        host.Kill();
        var path = Path.Combine(host.DataDirectory, "customer", "customer", damaged + ".json");
        var bytes = await File.ReadAllBytesAsync(path, Cancel);
        var torn = bytes[..(bytes.Length / 2)];
        await File.WriteAllBytesAsync(path, torn, Cancel);
        await host.RestartAsync(Cancel);

        using (var response = await host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{damaged}", Cancel))
            response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        using (var response = await host.PostEventsAsync(Purchase(damaged, 5m), Cancel))
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        using (var response = await host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{healthy}", Cancel))
            (await response.ReadObjectAsync(HttpStatusCode.OK, Cancel))["profile"].String("name").ShouldBe("Whole Ltd");
        using (var health = await host.Http.GetAsync("/health", Cancel))
            (await health.Content.ReadAsStringAsync(Cancel)).ShouldBe("Degraded");
        (await File.ReadAllBytesAsync(path, Cancel)).ShouldBe(torn, "the damaged file was neither replaced nor moved");
        host.Output.ShouldContain(path);

        File.Move(path, path + ".damaged");

        using (var health = await host.Http.GetAsync("/health", Cancel))
            (await health.Content.ReadAsStringAsync(Cancel)).ShouldBe("Healthy", "the operator moved the file away");
    }

    /// <summary>Posts one purchase after another, round robin over the customers, until stopped or the host is gone.</summary>
    private static async Task PostUntilStopped(
        HostProcess host, string[] customers, string prefix, ConcurrentDictionary<string, ConcurrentQueue<string>> acknowledged, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var customer = customers[n % customers.Length];
            var id = $"{prefix}-{n}";
            try
            {
                using var response = await host.PostEventsAsync(Purchase(customer, 1m, id, orderId: id), stop);
                if (response.StatusCode == HttpStatusCode.OK)
                    acknowledged.GetOrAdd(customer, _ => new ConcurrentQueue<string>()).Enqueue(id);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return; // The host was killed: whatever had no answer was not acknowledged.
            }
        }
    }

    private static int Count(ConcurrentDictionary<string, ConcurrentQueue<string>> acknowledged) =>
        acknowledged.Values.Sum(ids => ids.Count);

    private static void EveryStateFileIsWhole(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*" + GrainStateFileLayout.Extension, SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) != FileReminderTable.DirectoryName)
            .ToList();
        files.ShouldNotBeEmpty();
        foreach (var path in files)
            Should.NotThrow(() => GrainStateFile.Parse(path, File.ReadAllBytes(path)), path);
        Directory.EnumerateFiles(directory, "*.grain", SearchOption.AllDirectories).ShouldBeEmpty();
    }
}
