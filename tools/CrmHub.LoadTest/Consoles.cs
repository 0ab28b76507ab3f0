using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace CrmHub.LoadTest;

/// <summary>
/// Complaint alerts in flight: when each complaint was posted and how many console deliveries it should make, and the
/// latency of every delivery (posted → received), per phase of the run.
/// </summary>
public sealed class AlertTracker
{
    private readonly ConcurrentDictionary<string, (long PostedAt, AlertPhase Phase)> _posted = new(StringComparer.Ordinal);
    private long _otherNotifications;

    /// <summary>Notifications that were not complaint alerts of this run (tier changes, key-account events, …).</summary>
    public long OtherNotifications => Interlocked.Read(ref _otherNotifications);

    public void Posted(string complaintId, long postedAt, AlertPhase phase, int expectedDeliveries)
    {
        _posted[complaintId] = (postedAt, phase);
        phase.Expect(expectedDeliveries);
    }

    /// <summary>Called by a console for every <c>Notify</c>, with the time it arrived.</summary>
    public void Received(JsonElement notification, long receivedAt)
    {
        if (notification.TryGetProperty("kind", out var kind) && kind.ValueEquals("complaintAlert")
            && notification.TryGetProperty("data", out var data) && data.TryGetProperty("complaintId", out var id)
            && id.GetString() is { } complaintId && _posted.TryGetValue(complaintId, out var posted))
        {
            posted.Phase.Delivered(Stopwatch.GetElapsedTime(posted.PostedAt, receivedAt).TotalMilliseconds, receivedAt);
            return;
        }
        Interlocked.Increment(ref _otherNotifications);
    }
}

/// <summary>
/// The alerts of one phase: expected and received deliveries, their latencies (also by the second of the phase they were
/// posted in, to tell a steady delay from bursts), when the last one arrived.
/// </summary>
public sealed class AlertPhase
{
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<int, LatencyRecorder> _bySecond = new();
    private long _expected;
    private long _received;
    private long _lastReceivedAt;

    public LatencyRecorder Latency { get; } = new();

    /// <summary>The p99 of the alerts posted in each whole second of the phase, in order.</summary>
    public IReadOnlyList<double> P99BySecond() =>
        [.. _bySecond.OrderBy(second => second.Key).Select(second => second.Value.Summary().P99)];

    public long Expected => Interlocked.Read(ref _expected);

    public long Received => Interlocked.Read(ref _received);

    public long LastReceivedAt => Interlocked.Read(ref _lastReceivedAt);

    public void Expect(int deliveries) => Interlocked.Add(ref _expected, deliveries);

    public void Delivered(double latencyMs, long receivedAt)
    {
        Latency.Add(latencyMs);
        var postedInSecond = (int)((Stopwatch.GetElapsedTime(_startedAt, receivedAt).TotalMilliseconds - latencyMs) / 1000);
        _bySecond.GetOrAdd(postedInSecond, _ => new LatencyRecorder()).Add(latencyMs);
        Interlocked.Increment(ref _received);
        long last;
        while ((last = Interlocked.Read(ref _lastReceivedAt)) < receivedAt && Interlocked.CompareExchange(ref _lastReceivedAt, receivedAt, last) != last)
        {
        }
    }

    /// <summary>Waits until every expected delivery arrived or <paramref name="timeout"/> passed.</summary>
    public async Task WaitForAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (Received < Expected && waited.Elapsed < timeout)
            await Task.Delay(20, cancellationToken);
    }
}

/// <summary>
/// K real .NET SignalR consoles (JSON protocol), spread round-robin over users; each hands every <c>Notify</c> to the
/// tracker. The same fleet connects to CrmHub's console hub and to the bare baseline hub.
/// </summary>
public sealed class ConsoleFleet : IAsyncDisposable
{
    private const int ConnectParallelism = 16;

    private readonly List<HubConnection> _connections;
    private readonly Dictionary<string, int> _consolesByUser;

    private ConsoleFleet(List<HubConnection> connections, Dictionary<string, int> consolesByUser)
    {
        _connections = connections;
        _consolesByUser = consolesByUser;
    }

    public int Count => _connections.Count;

    public int ConsolesOf(string user) => _consolesByUser.GetValueOrDefault(user);

    /// <summary>
    /// Opens <paramref name="count"/> consoles spread round-robin over <paramref name="users"/>: <paramref name="urlOf"/> gives
    /// a user's hub address, <paramref name="tokenOf"/> its access token (null: none), and <paramref name="ready"/> is a round
    /// trip that returns once the server has registered the console. Every <c>Notify</c> goes to <paramref name="tracker"/>;
    /// <paramref name="connected"/> hears the count so far.
    /// </summary>
    public static async Task<ConsoleFleet> ConnectAsync(
        IReadOnlyList<string> users,
        int count,
        Func<string, Uri> urlOf,
        Func<string, Task<string?>> tokenOf,
        Func<HubConnection, Task> ready,
        AlertTracker tracker,
        Action<int> connected,
        CancellationToken cancellationToken)
    {
        var assigned = Enumerable.Range(0, count).Select(i => users[i % users.Count]).ToList();
        var connections = new ConcurrentBag<HubConnection>();
        var done = 0;
        await Parallel.ForEachAsync(
            assigned,
            new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism, CancellationToken = cancellationToken },
            async (user, token) =>
            {
                var accessToken = await tokenOf(user);
                var connection = new HubConnectionBuilder()
                    .WithUrl(urlOf(user), options =>
                    {
                        if (accessToken is not null)
                            options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                    })
                    .Build();
                connection.ServerTimeout = TimeSpan.FromMinutes(2);
                connection.On<JsonElement>("Notify", notification => tracker.Received(notification, Stopwatch.GetTimestamp()));
                await connection.StartAsync(token);
                await ready(connection);
                connections.Add(connection);
                connected(Interlocked.Increment(ref done));
            });
        return new([.. connections], assigned.GroupBy(user => user, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_connections, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism }, async (connection, _) =>
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or ObjectDisposedException)
            {
                // The server is already gone.
            }
        });
    }
}
