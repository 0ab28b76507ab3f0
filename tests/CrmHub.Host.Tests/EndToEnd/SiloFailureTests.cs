using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// Three silos on PostgreSQL with producers streaming events into all of them; one silo is killed with SIGKILL in the
/// middle and restarted later. Producers behave as the README asks: a request that failed (no answer, or not 200) is
/// sent again, unchanged, to another silo until it is acknowledged. Afterwards every acknowledged event is in its
/// customer's state exactly once, every acknowledged complaint's alert is in the supervisor's inbox exactly once,
/// and re-sending everything changes nothing. The figures go to the test output.
/// </summary>
[Collection(PostgresHostsCollection.Name)]
public sealed class SiloFailureTests
{
    private const int Customers = 24;
    private const int Producers = 3;
    private const int EventsPerBatch = 4;

    private static readonly TimeSpan StreamBeforeKill = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DownTime = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan StreamAfterRestart = TimeSpan.FromSeconds(3);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silo_killed_mid_stream_loses_no_acknowledged_event_or_alert_and_retries_have_no_double_effect()
    {
        await using var cluster = await PostgresHosts.CreateAsync("fault");
        await cluster.StartAsync(3);
        var customers = Enumerable.Range(0, Customers).Select(_ => NewId("cust")).ToArray();
        await cluster[0].PostEventsOkAsync(Batch([.. customers.Select(id => Profile(id, ownerAgentId: "agent1"))]), Cancel);
        var run = new StreamRun(cluster.Hosts, customers);

        var producers = Enumerable.Range(0, Producers).Select(run.ProduceAsync).ToList();
        await Task.Delay(StreamBeforeKill, Cancel);
        var victim = cluster[2];
        run.MarkKill();
        victim.Kill();
        await Task.Delay(DownTime, Cancel);
        var restart = Stopwatch.StartNew();
        await victim.RestartAsync(Cancel);
        restart.Stop();
        await Task.Delay(StreamAfterRestart, Cancel);
        run.Stop();
        await Task.WhenAll(producers);

        var acked = run.Acked.ToList();
        acked.Count.ShouldBeGreaterThan(0);
        run.Unacknowledged.ShouldBe(0, "every batch was eventually acknowledged by some silo");
        var lost = 0;
        var survivor = cluster[0];
        foreach (var customerId in customers)
        {
            var mine = acked.Where(e => e.CustomerId == customerId).ToList();
            using var response = await survivor.GetAsUserAsync("supervisor1", $"/api/v1/customers/{customerId}", Cancel);
            var view = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
            var purchases = mine.Count(e => e.ComplaintId is null);
            var purchaseCount = view["purchaseCount"]!.GetValue<int>();
            var openComplaints = view["openComplaints"]!.AsArray().Select(c => c.String("complaintId")).ToHashSet();
            lost += Math.Max(0, purchases - purchaseCount) + mine.Count(e => e.ComplaintId is { } id && !openComplaints.Contains(id));
            purchaseCount.ShouldBe(purchases, $"{customerId}: every acknowledged purchase counted once");
            view["totalRevenue"]!.GetValue<decimal>().ShouldBe(mine.Sum(e => e.Amount), $"{customerId}: revenue of the acknowledged purchases");
            openComplaints.Count.ShouldBe(mine.Count(e => e.ComplaintId is not null));
        }

        var complaintIds = acked.Where(e => e.ComplaintId is not null).Select(e => e.ComplaintId!).ToHashSet();
        await using var supervisor = await survivor.ConnectConsoleAsync("supervisor1", Cancel);
        var alertWait = Stopwatch.StartNew();
        Dictionary<string, int> alerts;
        do
        {
            alerts = (await supervisor.ResyncAsync(0, Cancel)).Items.Where(n => n.Kind == "complaintAlert" && n.ComplaintId is not null)
                .GroupBy(n => n.ComplaintId!).ToDictionary(g => g.Key, g => g.Count());
            if (complaintIds.All(alerts.ContainsKey))
                break;
            await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
        }
        while (alertWait.Elapsed < TimeSpan.FromSeconds(60));
        complaintIds.Where(id => !alerts.ContainsKey(id)).ShouldBeEmpty("every acknowledged complaint's alert is in the supervisor's inbox");
        alerts.Where(a => a.Value > 1).ShouldBeEmpty("no alert twice, whatever was retried");

        // Re-sent in batches within the 1,000-event limit: a quiet machine acknowledges more than one batch holds.
        var (replayAccepted, replayDuplicates) = (0, 0);
        foreach (var chunk in run.Batches.SelectMany(batch => batch).Chunk(1_000))
        {
            var replay = await survivor.PostEventsOkAsync(Batch(chunk), Cancel);
            (replayAccepted, replayDuplicates) = (replayAccepted + replay.Accepted, replayDuplicates + replay.Duplicates);
        }
        (replayAccepted, replayDuplicates).ShouldBe((0, acked.Count), "re-sending every acknowledged event changes nothing");

        var report = string.Create(CultureInfo.InvariantCulture,
            $"silo failure: events acknowledged {acked.Count} ({complaintIds.Count} complaints) in {run.Requests} requests, "
            + $"failed attempts {run.FailedAttempts} (all retried), lost 0 (counted {lost}), duplicates on replay {replayDuplicates}/{acked.Count}; "
            + $"failures seen until {run.RecoveredAfter.TotalSeconds:0.0} s after the SIGKILL, restarted silo healthy after {restart.Elapsed.TotalSeconds:0.0} s, "
            + $"all alerts in the inbox {alertWait.Elapsed.TotalSeconds:0.0} s after the stream ended");
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(report);
        lost.ShouldBe(0);
    }

    private sealed record AckedEvent(string CustomerId, string Id, decimal Amount, string? ComplaintId);

    /// <summary>The producers' shared ledger: what was acknowledged, what failed, when.</summary>
    private sealed class StreamRun(IReadOnlyList<HostProcess> hosts, IReadOnlyList<string> customers)
    {
        private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly CancellationTokenSource _stop = new();
        private long _killedAtTicks = -1;
        private long _lastFailureTicks = -1;
        private int _requests;
        private int _failedAttempts;
        private int _unacknowledged;
        private int _sequence;

        public ConcurrentBag<AckedEvent> Acked { get; } = [];

        public ConcurrentBag<JsonNode[]> Batches { get; } = [];

        public int Requests => _requests;

        public int FailedAttempts => _failedAttempts;

        public int Unacknowledged => _unacknowledged;

        /// <summary>From the SIGKILL to the last failed attempt (zero when nothing failed).</summary>
        public TimeSpan RecoveredAfter =>
            _lastFailureTicks < _killedAtTicks ? TimeSpan.Zero : TimeSpan.FromTicks(_lastFailureTicks - _killedAtTicks);

        public void MarkKill() => Interlocked.Exchange(ref _killedAtTicks, _clock.Elapsed.Ticks);

        public void Stop() => _stop.Cancel();

        public async Task ProduceAsync(int producer)
        {
            var target = producer;
            while (!_stop.IsCancellationRequested)
            {
                var (batch, events) = NextBatch();
                var started = Stopwatch.StartNew();
                while (true)
                {
                    Interlocked.Increment(ref _requests);
                    var host = hosts[target++ % hosts.Count];
                    if (await TryPostAsync(host, batch))
                    {
                        Batches.Add(batch);
                        foreach (var e in events)
                            Acked.Add(e);
                        break;
                    }
                    Interlocked.Increment(ref _failedAttempts);
                    Interlocked.Exchange(ref _lastFailureTicks, _clock.Elapsed.Ticks);
                    if (started.Elapsed > GiveUpAfter)
                    {
                        Interlocked.Increment(ref _unacknowledged);
                        break;
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(100), Cancel);
                }
            }
        }

        private (JsonNode[] Batch, AckedEvent[] Events) NextBatch()
        {
            var batch = new JsonNode[EventsPerBatch];
            var events = new AckedEvent[EventsPerBatch];
            for (var i = 0; i < EventsPerBatch; i++)
            {
                var n = Interlocked.Increment(ref _sequence);
                var customerId = customers[Random.Shared.Next(customers.Count)];
                var id = $"evt-{n}-{Guid.NewGuid():N}";
                if (n % 10 == 0)
                {
                    var complaintId = NewId("cmp");
                    batch[i] = Complaint(customerId, complaintId, id: id);
                    events[i] = new AckedEvent(customerId, id, 0m, complaintId);
                }
                else
                {
                    // A distinct amount per event, so a purchase applied twice would show in the revenue.
                    var amount = 1m + n / 100m;
                    batch[i] = Purchase(customerId, amount, id: id);
                    events[i] = new AckedEvent(customerId, id, amount, null);
                }
            }
            return (batch, events);
        }

        private static async Task<bool> TryPostAsync(HostProcess host, JsonNode[] batch)
        {
            try
            {
                using var response = await host.PostEventsAsync(Batch(batch), Cancel);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !Cancel.IsCancellationRequested)
            {
                return false;
            }
        }
    }
}
