using Microsoft.Extensions.Hosting;
using YamlDotNet.RepresentationModel;

namespace CrmHub.Host.Tests.Deploy;

/// <summary>deploy/compose.yaml and the collector and Prometheus files it mounts, read statically (no container engine here).</summary>
public sealed class ComposeTests
{
    private static readonly YamlMappingNode Compose = DeployFiles.Document("deploy/compose.yaml");

    private static YamlMappingNode Services => Compose.Map("services");

    private static readonly string[] Silos = ["silo1", "silo2"];

    [Fact]
    public void It_runs_postgresql_two_crmhub_silos_an_opentelemetry_collector_and_prometheus()
    {
        Services.Children.Keys.Select(key => key.ToString()).ShouldBe(["postgres", .. Silos, "otel-collector", "prometheus"], ignoreOrder: true);
        Services.Map("silo1").Map("build").Str("dockerfile").ShouldBe("deploy/Dockerfile");
        Silos.Select(silo => Services.Map(silo).Str("image")).Distinct().ShouldHaveSingleItem("both silos run the image built here");
    }

    [Fact]
    public void Every_silo_setting_is_one_the_host_reads_and_selects_the_postgresql_profile()
    {
        foreach (var silo in Silos)
        {
            var environment = Services.Map(silo).Map("environment").Scalars();
            foreach (var name in environment.Keys)
                DeployFiles.UnknownVariable(name).ShouldBeNull();
            environment["CrmHub__Storage__Provider"].ShouldBe("Postgres");
            environment["CrmHub__Cluster__Provider"].ShouldBe("Postgres");
            environment["CrmHub__Storage__ApplySchema"].ShouldBe("true");
            environment["ConnectionStrings__CrmHub"].ShouldContain("Host=postgres");
            environment.ShouldContainKey("CrmHub__Auth__SigningKey");
        }
    }

    [Fact]
    public void The_silos_publish_the_images_http_port_and_use_the_images_silo_and_gateway_ports()
    {
        foreach (var silo in Silos)
        {
            var environment = Services.Map(silo).Map("environment").Scalars();
            environment["CrmHub__Cluster__SiloPort"].ShouldBe($"{new ClusterOptions().SiloPort}");
            environment["CrmHub__Cluster__GatewayPort"].ShouldBe($"{new ClusterOptions().GatewayPort}");
            Services.Map(silo).Seq("ports").Strings().ShouldHaveSingleItem().ShouldEndWith($":{DockerfileTests.HttpPort}");
        }
        Silos.Select(silo => Services.Map(silo).Seq("ports").Strings().Single().Split(':')[0]).Distinct().Count().ShouldBe(Silos.Length, "each silo on its own host port");
    }

    [Fact]
    public void The_silos_export_to_the_collectors_otlp_grpc_receiver()
    {
        var collector = DeployFiles.Document("deploy/otel/collector.yaml");
        var grpc = collector.Map("receivers").Map("otlp").Map("protocols").Map("grpc").Str("endpoint");
        var endpoint = new Uri(Services.Map("silo1").Map("environment").Scalars()["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        endpoint.Host.ShouldBe("otel-collector");
        grpc.ShouldEndWith($":{endpoint.Port}");
        var pipelines = collector.Map("service").Map("pipelines");
        foreach (var signal in new[] { "traces", "metrics", "logs" })
            pipelines.Map(signal).Seq("receivers").Strings().ShouldContain("otlp");
        Mounted("otel-collector").ShouldBe("otel/collector.yaml");
    }

    [Fact]
    public void Prometheus_scrapes_every_silos_metrics_endpoint_and_the_collector()
    {
        var prometheus = DeployFiles.Document("deploy/prometheus/prometheus.yml");
        var jobs = prometheus.Seq("scrape_configs").Children.Cast<YamlMappingNode>().ToDictionary(job => job.Str("job_name"));

        jobs["crmhub"].Str("metrics_path").ShouldBe(Extensions.MetricsPath);
        jobs["crmhub"].Seq("static_configs").Children.Single().Seq("targets").Strings()
            .ShouldBe([.. Silos.Select(silo => $"{silo}:{DockerfileTests.HttpPort}")], ignoreOrder: true);
        var exporter = DeployFiles.Document("deploy/otel/collector.yaml").Map("exporters").Map("prometheus").Str("endpoint");
        jobs["otel-collector"].Seq("static_configs").Children.Single().Seq("targets").Strings()
            .ShouldBe([$"otel-collector:{exporter.Split(':')[^1]}"]);
        Mounted("prometheus").ShouldBe("prometheus/prometheus.yml");
    }

    [Fact]
    public void The_silos_wait_for_a_healthy_postgresql()
    {
        Services.Map("postgres").Map("healthcheck").Seq("test").Strings().ShouldContain(part => part.Contains("pg_isready", StringComparison.Ordinal));
        foreach (var silo in Silos)
            Services.Map(silo).Map("depends_on").Map("postgres").Str("condition").ShouldBe("service_healthy");
    }

    /// <summary>The configuration file a service mounts (relative to deploy/), which must exist.</summary>
    private static string Mounted(string service)
    {
        var source = Services.Map(service).Seq("volumes").Strings().Single().Split(':')[0];
        File.Exists(DeployFiles.PathOf(Path.Combine("deploy", source))).ShouldBeTrue(source);
        return source.TrimStart('.', '/');
    }
}
