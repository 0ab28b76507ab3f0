using System.Diagnostics.Metrics;
using CrmHub.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Host.Tests.Telemetry;

public sealed class CrmHubMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddCrmHubMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener = new();
    private readonly List<Measurement> _measurements = [];

    public CrmHubMetricsTests()
    {
        _meterFactory = _services.GetRequiredService<IMeterFactory>();
        // Only this test's meter: other tests running in parallel have meters of the same name.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _meterFactory)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.SetMeasurementEventCallback<double>(Record);
        _listener.Start();
    }

    private CrmHubMetrics Metrics => _services.GetRequiredService<CrmHubMetrics>();

    [Fact]
    public void It_is_registered_once_as_a_singleton_on_the_CrmHub_meter()
    {
        Metrics.ShouldBeSameAs(_services.GetRequiredService<CrmHubMetrics>());
        Metrics.EventsAccepted(1);

        _measurements.ShouldHaveSingleItem().Instrument.Meter.Name.ShouldBe("CrmHub");
        CrmHubMetrics.MeterName.ShouldBe("CrmHub");
        CrmHubMetrics.ActivitySource.Name.ShouldBe("CrmHub");
    }

    [Fact]
    public void Accepted_and_duplicated_events_are_counted_by_their_batch_size()
    {
        Metrics.EventsAccepted(3);
        Metrics.EventsDuplicated(2);

        _measurements.Select(m => (m.Instrument.Name, m.Value)).ShouldBe(
        [
            ("crmhub.events.accepted", 3d),
            ("crmhub.events.duplicated", 2d),
        ]);
        _measurements.ShouldAllBe(m => m.Instrument is Counter<long>);
    }

    [Fact]
    public void An_empty_batch_records_nothing()
    {
        Metrics.EventsAccepted(0);
        Metrics.EventsDuplicated(0);

        _measurements.ShouldBeEmpty();
    }

    [Fact]
    public void A_sent_alert_is_counted_by_kind_and_its_delivery_latency_recorded_in_milliseconds()
    {
        Metrics.AlertSent("complaintAlert", TimeSpan.FromMilliseconds(250));

        var sent = _measurements.Single(m => m.Instrument.Name == "crmhub.alerts.sent");
        sent.Value.ShouldBe(1);
        sent.Tags.ShouldBe([new("kind", "complaintAlert")]);

        var latency = _measurements.Single(m => m.Instrument.Name == "crmhub.alert.delivery.latency");
        latency.Instrument.ShouldBeOfType<Histogram<double>>();
        latency.Instrument.Unit.ShouldBe("ms");
        latency.Value.ShouldBe(250);
        latency.Tags.ShouldBe([new("kind", "complaintAlert")]);
    }

    [Fact]
    public void A_negative_latency_from_clock_skew_is_recorded_as_zero()
    {
        Metrics.AlertSent("complaintUpdated", TimeSpan.FromMilliseconds(-40));

        _measurements.Single(m => m.Instrument.Name == "crmhub.alert.delivery.latency").Value.ShouldBe(0);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct =>
        _measurements.Add(new Measurement(instrument, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray()));

    private sealed record Measurement(Instrument Instrument, double Value, KeyValuePair<string, object?>[] Tags);
}
