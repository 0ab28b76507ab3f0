using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrmHub.Host.Telemetry;

/// <summary>
/// CrmHub's own instruments, on the meter <see cref="MeterName"/> (exported by the service defaults:
/// Prometheus at <c>/metrics</c>, OTLP when configured). Register with <see cref="CrmHubMetricsServiceCollectionExtensions.AddCrmHubMetrics"/>.
/// </summary>
public sealed class CrmHubMetrics
{
    public const string MeterName = "CrmHub";
    public const string ActivitySourceName = "CrmHub";

    public const string EventsAcceptedName = "crmhub.events.accepted";
    public const string EventsDuplicatedName = "crmhub.events.duplicated";
    public const string AlertsSentName = "crmhub.alerts.sent";
    public const string AlertDeliveryLatencyName = "crmhub.alert.delivery.latency";

    /// <summary>The tag on <see cref="AlertsSentName"/> and <see cref="AlertDeliveryLatencyName"/> naming the alert's kind.</summary>
    public const string KindTag = "kind";

    /// <summary>CrmHub's spans; the service defaults listen to the source named <see cref="ActivitySourceName"/>.</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private readonly Counter<long> _eventsAccepted;
    private readonly Counter<long> _eventsDuplicated;
    private readonly Counter<long> _alertsSent;
    private readonly Histogram<double> _alertDeliveryLatency;

    public CrmHubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        var meter = meterFactory.Create(MeterName);
        _eventsAccepted = meter.CreateCounter<long>(
            EventsAcceptedName, unit: "{event}",
            description: "Interaction events accepted and persisted (acknowledged to the producer).");
        _eventsDuplicated = meter.CreateCounter<long>(
            EventsDuplicatedName, unit: "{event}",
            description: "Interaction events recognised as already processed and not applied again.");
        _alertsSent = meter.CreateCounter<long>(
            AlertsSentName, unit: "{alert}",
            description: "Notifications pushed to consoles, by kind.");
        _alertDeliveryLatency = meter.CreateHistogram<double>(
            AlertDeliveryLatencyName, unit: "ms",
            description: "Time from a notification's creation to its push to consoles.");
    }

    public void EventsAccepted(int count)
    {
        if (count > 0)
            _eventsAccepted.Add(count);
    }

    public void EventsDuplicated(int count)
    {
        if (count > 0)
            _eventsDuplicated.Add(count);
    }

    /// <summary>Counts one alert of <paramref name="kind"/> and records its delivery latency (negative clock skew counts as 0).</summary>
    public void AlertSent(string kind, TimeSpan deliveryLatency)
    {
        ArgumentNullException.ThrowIfNull(kind);

        var tag = new KeyValuePair<string, object?>(KindTag, kind);
        _alertsSent.Add(1, tag);
        _alertDeliveryLatency.Record(Math.Max(0, deliveryLatency.TotalMilliseconds), tag);
    }
}
