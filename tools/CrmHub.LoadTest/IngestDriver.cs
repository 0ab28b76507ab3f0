using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using CrmHub.Abstractions.Events;
using CrmHub.Simulation;

namespace CrmHub.LoadTest;

/// <summary>What one phase of posting achieved.</summary>
public sealed class IngestPhase(string name)
{
    private long _eventsSent;
    private long _eventsAcknowledged;
    private long _requests;

    public string Name { get; } = name;

    public ConcurrentDictionary<int, int> Failures { get; } = new();

    public LatencyRecorder AckLatency { get; } = new();

    public AlertPhase Alerts { get; } = new();

    public double Seconds { get; set; }

    public ProcessFigures? Host { get; set; }

    public long EventsSent => Interlocked.Read(ref _eventsSent);

    public long EventsAcknowledged => Interlocked.Read(ref _eventsAcknowledged);

    public long Requests => Interlocked.Read(ref _requests);

    public double EventsPerSecond => Seconds > 0 ? EventsAcknowledged / Seconds : 0;

    internal void Sent(int events)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _eventsSent, events);
    }

    internal void Acknowledged(int events) => Interlocked.Add(ref _eventsAcknowledged, events);
}

/// <summary>
/// Posts generated events to <c>POST /api/v1/events</c>: paced (open loop: requests go out on schedule whether or not
/// earlier ones were answered), as fast as possible (closed loop), or as one burst of complaints. Complaints are
/// registered with the tracker before their request leaves, so alert latency runs from "posted" to "received".
/// </summary>
public sealed class IngestDriver(TargetHost host, EventGenerator generator, AlertTracker tracker, Func<string, int> expectedDeliveries)
{
    private const int MaxInFlight = 512;

    private readonly Lock _generatorGate = new();

    /// <summary>Every customer's profile (owner agent), in batches, before anything is measured.</summary>
    public async Task PostProfilesAsync(DateTimeOffset at, int parallelism, Action<int> progress, CancellationToken cancellationToken)
    {
        var phase = new IngestPhase("profiles");
        var batches = generator.Customers.Select(customer => generator.Profile(customer, at)).Chunk(500).ToList();
        var done = 0;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (batch, token) =>
        {
            await PostAsync(batch, phase, token);
            progress(Interlocked.Add(ref done, batch.Length));
        });
        if (phase.EventsAcknowledged != generator.Customers.Count)
            throw new InvalidOperationException($"Only {phase.EventsAcknowledged} of {generator.Customers.Count} profiles were accepted ({Describe(phase)}).");
    }

    /// <summary>Open loop: <paramref name="eventsPerSecond"/> in batches of <paramref name="batchSize"/> for <paramref name="duration"/>.</summary>
    public async Task<IngestPhase> PacedAsync(string name, int eventsPerSecond, int batchSize, TimeSpan duration, ProcessSampler sampler, Action<double> progress, CancellationToken cancellationToken)
    {
        var phase = new IngestPhase(name);
        var inFlight = new ConcurrentDictionary<Task, byte>();
        sampler.Restart();
        var clock = Stopwatch.StartNew();
        long due = 0, scheduled = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken))
        {
            due = (long)(clock.Elapsed.TotalSeconds * eventsPerSecond);
            while (due - scheduled >= batchSize || (due > scheduled && clock.Elapsed >= duration))
            {
                var size = (int)Math.Min(batchSize, due - scheduled);
                scheduled += size;
                if (inFlight.Count >= MaxInFlight)
                {
                    phase.Failures.AddOrUpdate(0, 1, (_, n) => n + 1);
                    continue;
                }
                var batch = Draw(size, EventMix.Business);
                var send = PostAsync(batch, phase, cancellationToken);
                inFlight[send] = 0;
                _ = send.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);
            }
            progress(clock.Elapsed.TotalSeconds);
        }
        await Task.WhenAll(inFlight.Keys);
        phase.Seconds = clock.Elapsed.TotalSeconds;
        phase.Host = sampler.Sample();
        return phase;
    }

    /// <summary>Closed loop: <paramref name="parallelism"/> senders post batches back to back for <paramref name="duration"/>.</summary>
    public async Task<IngestPhase> CapacityAsync(int batchSize, int parallelism, TimeSpan duration, ProcessSampler sampler, Action<double> progress, CancellationToken cancellationToken)
    {
        var phase = new IngestPhase("capacity");
        sampler.Restart();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await PostAsync(Draw(batchSize, EventMix.Business), phase, cancellationToken);
                progress(clock.Elapsed.TotalSeconds);
            }
        }));
        phase.Seconds = clock.Elapsed.TotalSeconds;
        phase.Host = sampler.Sample();
        return phase;
    }

    /// <summary>
    /// One request with a complaint for each of <paramref name="complaints"/> different customers; returns once every
    /// expected delivery arrived (or 60 s passed), timed from the post to the last delivery.
    /// </summary>
    public async Task<(IngestPhase Phase, IReadOnlyList<InteractionEvent> Complaints)> BurstAsync(int complaints, CancellationToken cancellationToken)
    {
        var phase = new IngestPhase("fan-out burst");
        InteractionEvent[] batch;
        lock (_generatorGate)
            batch = [.. generator.Customers.Take(complaints).Select(customer => generator.Complaint(customer, DateTimeOffset.UtcNow))];
        var started = Stopwatch.GetTimestamp();
        await PostAsync(batch, phase, cancellationToken);
        await phase.Alerts.WaitForAllAsync(TimeSpan.FromSeconds(60), cancellationToken);
        phase.Seconds = Stopwatch.GetElapsedTime(started, Math.Max(phase.Alerts.LastReceivedAt, started)).TotalSeconds;
        return (phase, batch);
    }

    public static string Describe(IngestPhase phase) =>
        phase.Failures.IsEmpty ? "no failures" : string.Join(", ", phase.Failures.Select(f => f.Key == 0 ? $"{f.Value} batches skipped (too many in flight)" : $"{f.Value}× HTTP {f.Key}"));

    private InteractionEvent[] Draw(int size, EventMix mix)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_generatorGate)
            return [.. Enumerable.Range(0, size).Select(_ => generator.Next(mix, now))];
    }

    internal async Task PostAsync(IReadOnlyList<InteractionEvent> batch, IngestPhase phase, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(CloudEventWriter.Batch(batch));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventWriter.BatchContentType);
        // Alerts go out before the answer (the customer grain hands complaints over before it returns): register first.
        var posted = Stopwatch.GetTimestamp();
        // A request that failed (503 after a grain-call timeout) may still have been applied: its alerts stay expected.
        foreach (var e in batch)
        {
            if (e.Data is ComplaintRaised complaint)
                tracker.Posted(complaint.ComplaintId, posted, phase.Alerts, expectedDeliveries(e.CustomerId));
        }
        phase.Sent(batch.Count);
        var status = -1;
        try
        {
            using var response = await host.Http.PostAsync("/api/v1/events", content, cancellationToken);
            phase.AckLatency.Add(Stopwatch.GetElapsedTime(posted).TotalMilliseconds);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Counted below as status -1 (no answer).
        }
        if (status is >= 200 and < 300)
        {
            phase.Acknowledged(batch.Count);
            return;
        }
        phase.Failures.AddOrUpdate(status, 1, (_, n) => n + 1);
    }
}
