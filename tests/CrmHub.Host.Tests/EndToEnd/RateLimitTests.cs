using System.Net;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// An event producer that sends faster than its rate limit is told to wait. Runs on its own host with a tiny
/// bucket (so the shared host's tests are never throttled), in parallel with the other collections.
/// </summary>
public sealed class RateLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_producer_over_its_rate_limit_gets_429_with_retry_after_and_the_refused_event_is_not_applied()
    {
        await using var host = await HostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["CrmHub__RateLimits__EventProducers__BurstLimit"] = "2",
                ["CrmHub__RateLimits__EventProducers__PermitsPerSecond"] = "1",
            },
            cancellationToken: Cancel);

        // Two tokens, one more per second: twenty back-to-back posts cannot all get through.
        HttpResponseMessage? refused = null;
        string? refusedCustomer = null;
        for (var attempt = 0; attempt < 20 && refused is null; attempt++)
        {
            var customerId = NewId("cust");
            var response = await host.PostEventsAsync(Purchase(customerId, 1m), Cancel);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                (refused, refusedCustomer) = (response, customerId);
                break;
            }
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Dispose();
        }

        refused.ShouldNotBeNull("twenty back-to-back posts never hit the limit of 2 + 1/s");
        using (refused)
        {
            await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests, Cancel);
            refused.Headers.RetryAfter.ShouldNotBeNull();
            refused.Headers.RetryAfter.Delta.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        }

        using var view = await host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{refusedCustomer}", Cancel);
        await view.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
    }
}
