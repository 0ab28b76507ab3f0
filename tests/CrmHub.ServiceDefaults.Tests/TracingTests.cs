using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;

namespace CrmHub.ServiceDefaults.Tests;

public class TracingTests
{
    [Fact]
    public async Task Probe_and_scrape_requests_are_not_traced_but_application_requests_are()
    {
        var recordedByTrace = new ConcurrentDictionary<ActivityTraceId, bool>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            // Leaves the sampling decision to OpenTelemetry (the highest answer of all listeners wins).
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = activity => recordedByTrace[activity.TraceId] = activity.Recorded,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await ServiceDefaultsHost.StartAsync(
            map: app => app.MapGet("/api/v1/ping", () => "pong"));

        var traced = new Dictionary<string, bool>();
        foreach (var path in new[] { "/health", "/alive", "/metrics", "/api/v1/ping" })
        {
            // A sampled parent, so only the instrumentation's filter can turn recording off.
            var traceId = ActivityTraceId.CreateRandom();
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            traced[path] = await RecordedAsync(recordedByTrace, traceId);
        }

        traced.ShouldBe(new Dictionary<string, bool>
        {
            ["/health"] = false,
            ["/alive"] = false,
            ["/metrics"] = false,
            ["/api/v1/ping"] = true,
        });
    }

    private static async Task<bool> RecordedAsync(ConcurrentDictionary<ActivityTraceId, bool> recordedByTrace, ActivityTraceId traceId)
    {
        // The server activity stops as the response completes, which can be just after the client has it.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (recordedByTrace.TryGetValue(traceId, out var recorded))
                return recorded;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        throw new ShouldAssertException($"No server activity stopped for trace {traceId}.");
    }
}
