namespace CrmHub.Host.Auth;

/// <summary>Rate-limiter policy names (use with <c>RequireRateLimiting</c>).</summary>
public static class RateLimitPolicies
{
    /// <summary>A token bucket per event producer (API key name); see <see cref="EventProducerRateLimitOptions"/>.</summary>
    public const string EventProducers = "event-producers";
}
