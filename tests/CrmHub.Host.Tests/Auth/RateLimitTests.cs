using System.Net;

namespace CrmHub.Host.Tests.Auth;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_producer_over_its_limit_gets_429_with_retry_after_while_other_producers_are_served()
    {
        await using var host = await AuthTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["CrmHub:RateLimits:EventProducers:PermitsPerSecond"] = "1",
            ["CrmHub:RateLimits:EventProducers:BurstLimit"] = "1",
        });

        // One permit a second: a quick run of requests must hit the limit (a refill may let one more through).
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 10 && rejected is null; i++)
        {
            var response = await host.GetAsync(AuthTestHost.ProducerPath, apiKey: AuthTestHost.ApiKey);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                rejected = response;
            else
                response.Dispose();
        }

        using var tooMany = rejected.ShouldNotBeNull();
        await AuthTestHost.ShouldBeProblemAsync(tooMany, 429);
        tooMany.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));

        using var otherProducer = await host.GetAsync(AuthTestHost.ProducerPath, apiKey: AuthTestHost.OtherApiKey);
        otherProducer.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
