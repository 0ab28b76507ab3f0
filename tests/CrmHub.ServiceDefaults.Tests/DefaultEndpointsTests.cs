using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmHub.ServiceDefaults.Tests;

public class DefaultEndpointsTests
{
    private static readonly string[] ReadyTag = ["ready"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alive_and_health_answer_Healthy_when_only_the_default_checks_are_registered()
    {
        await using var host = await ServiceDefaultsHost.StartAsync();

        foreach (var path in new[] { "/alive", "/health" })
        {
            var response = await host.Client.GetAsync(path, Cancellation);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            (await response.Content.ReadAsStringAsync(Cancellation)).ShouldBe("Healthy", path);
        }
    }

    [Fact]
    public async Task Health_answers_503_Unhealthy_when_a_readiness_check_fails()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(checks =>
            checks.AddCheck("storage", () => HealthCheckResult.Unhealthy("storage is down"), ReadyTag));

        var response = await host.Client.GetAsync("/health", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldBe("Unhealthy");
    }

    [Fact]
    public async Task Alive_ignores_checks_not_tagged_live_so_a_failing_dependency_does_not_restart_the_process()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(checks =>
            checks.AddCheck("storage", () => HealthCheckResult.Unhealthy("storage is down"), ReadyTag));

        var response = await host.Client.GetAsync("/alive", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Alive_answers_503_when_a_check_tagged_live_fails()
    {
        await using var host = await ServiceDefaultsHost.StartAsync(checks =>
            checks.AddCheck("deadlock", () => HealthCheckResult.Unhealthy(), [Microsoft.Extensions.Hosting.Extensions.LiveTag]));

        var response = await host.Client.GetAsync("/alive", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Metrics_serves_the_CrmHub_meter_in_Prometheus_text_format()
    {
        await using var host = await ServiceDefaultsHost.StartAsync();
        var meter = host.Services.GetRequiredService<IMeterFactory>().Create("CrmHub");
        meter.CreateCounter<long>("crmhub.servicedefaults.probe").Add(3);

        var response = await host.Client.GetAsync("/metrics", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/plain");
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        body.ShouldContain("# TYPE crmhub_servicedefaults_probe_total counter");
        body.Split('\n').ShouldContain(line => line.StartsWith("crmhub_servicedefaults_probe_total{", StringComparison.Ordinal) && line.Contains("} 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_includes_runtime_instrumentation()
    {
        await using var host = await ServiceDefaultsHost.StartAsync();

        var body = await host.Client.GetStringAsync("/metrics", Cancellation);

        body.ShouldContain("dotnet_gc_");
    }
}
