using Microsoft.Extensions.Hosting;
using Orleans.Hosting.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace CrmHub.Host.Tests.Deploy;

/// <summary>deploy/k8s, read statically (no cluster here): the Deployment, its probes, ports, settings and RBAC.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly List<YamlMappingNode> Resources =
    [
        .. DeployFiles.Document("deploy/k8s/kustomization.yaml").Seq("resources").Strings()
            .SelectMany(file => DeployFiles.Documents($"deploy/k8s/{file}")),
    ];

    private static YamlMappingNode Resource(string kind) => Resources.Single(resource => resource.Str("kind") == kind);

    private static YamlMappingNode Pod => Resource("Deployment").Map("spec").Map("template");

    private static YamlMappingNode Container => Pod.Map("spec").Seq("containers").Children.Cast<YamlMappingNode>().Single();

    private static Dictionary<string, int> ContainerPorts =>
        Container.Seq("ports").Children.Cast<YamlMappingNode>()
            .ToDictionary(port => port.Str("name"), port => int.Parse(port.Str("containerPort"), System.Globalization.CultureInfo.InvariantCulture));

    private static Dictionary<string, string> Settings => Resource("ConfigMap").Map("data").Scalars();

    [Fact]
    public void The_kustomization_lists_every_manifest_and_each_parses()
    {
        var listed = DeployFiles.Document("deploy/k8s/kustomization.yaml").Seq("resources").Strings().ToList();

        listed.ShouldBe(
            [.. Directory.EnumerateFiles(DeployFiles.PathOf("deploy/k8s"), "*.yaml").Select(Path.GetFileName).Where(name => name != "kustomization.yaml")!],
            ignoreOrder: true);
        Resources.Select(resource => resource.Str("kind"))
            .ShouldBe(["ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Secret", "Deployment", "Service"], ignoreOrder: true);
    }

    [Fact]
    public void Readiness_is_health_and_liveness_is_alive_on_the_http_port()
    {
        Container.Map("readinessProbe").Map("httpGet").Str("path").ShouldBe(Extensions.HealthPath);
        Container.Map("livenessProbe").Map("httpGet").Str("path").ShouldBe(Extensions.AlivePath);
        Container.Map("readinessProbe").Map("httpGet").Str("port").ShouldBe("http");
        Container.Map("livenessProbe").Map("httpGet").Str("port").ShouldBe("http");
        ContainerPorts["http"].ShouldBe(DockerfileTests.HttpPort);
        Settings["ASPNETCORE_HTTP_PORTS"].ShouldBe($"{DockerfileTests.HttpPort}");
    }

    [Fact]
    public void The_silo_and_gateway_ports_are_the_configured_ones()
    {
        ContainerPorts["silo"].ShouldBe(int.Parse(Settings["CrmHub__Cluster__SiloPort"], System.Globalization.CultureInfo.InvariantCulture));
        ContainerPorts["gateway"].ShouldBe(int.Parse(Settings["CrmHub__Cluster__GatewayPort"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_setting_of_the_config_map_and_the_secret_is_one_the_host_reads()
    {
        var names = Settings.Keys.Concat(Resource("Secret").Map("stringData").Scalars().Keys)
            .Concat(Container.Seq("env").Children.Select(variable => variable.Str("name")));

        foreach (var name in names)
            DeployFiles.UnknownVariable(name).ShouldBeNull();
        Resource("Secret").Map("stringData").Scalars().Keys.ShouldBe(["ConnectionStrings__CrmHub", "CrmHub__Auth__SigningKey", "CrmHub__Auth__ApiKeys__0__Sha256"], ignoreOrder: true);
        Container.Seq("envFrom").Children.Select(source => source.Has("configMapRef") ? source.Map("configMapRef").Str("name") : source.Map("secretRef").Str("name"))
            .ShouldBe([Resource("ConfigMap").Map("metadata").Str("name"), Resource("Secret").Map("metadata").Str("name")], ignoreOrder: true);
    }

    [Fact]
    public void The_silos_run_under_orleans_kubernetes_hosting_with_the_pod_details_it_needs()
    {
        Settings[KubernetesHostingSwitch.Key.Replace(":", "__", StringComparison.Ordinal)].ShouldBe("true");
        Settings["CrmHub__Cluster__Provider"].ShouldBe("Postgres", "Kubernetes hosting is additive: membership stays in PostgreSQL");
        var env = Container.Seq("env").Children.Cast<YamlMappingNode>().ToDictionary(variable => variable.Str("name"), variable => variable.Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        env[KubernetesHostingOptions.PodNameEnvironmentVariable].ShouldBe("metadata.name");
        env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable].ShouldBe("metadata.namespace");
        env[KubernetesHostingOptions.PodIPEnvironmentVariable].ShouldBe("status.podIP");
        env[KubernetesHostingOptions.ServiceIdEnvironmentVariable].ShouldBe($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']");
        env[KubernetesHostingOptions.ClusterIdEnvironmentVariable].ShouldBe($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']");
        var labels = Pod.Map("metadata").Map("labels").Scalars();
        labels[KubernetesHostingOptions.ServiceIdLabel].ShouldBe(Settings["CrmHub__Cluster__ServiceId"]);
        labels[KubernetesHostingOptions.ClusterIdLabel].ShouldBe(Settings["CrmHub__Cluster__ClusterId"]);
    }

    [Fact]
    public void The_pods_service_account_may_watch_and_delete_the_pods_of_its_namespace()
    {
        var account = Resource("ServiceAccount").Map("metadata").Str("name");
        Pod.Map("spec").Str("serviceAccountName").ShouldBe(account);
        var binding = Resource("RoleBinding");
        var subject = binding.Seq("subjects").Children.Single();
        (subject.Str("kind"), subject.Str("name")).ShouldBe(("ServiceAccount", account));
        binding.Map("roleRef").Str("name").ShouldBe(Resource("Role").Map("metadata").Str("name"));
        var rule = Resource("Role").Seq("rules").Children.Single();
        rule.Seq("resources").Strings().ShouldBe(["pods"]);
        rule.Seq("verbs").Strings().ShouldBe(["get", "list", "watch", "delete"], ignoreOrder: true);
    }

    [Fact]
    public void The_pods_run_as_the_images_non_root_user()
    {
        var security = Pod.Map("spec").Map("securityContext");
        security.Str("runAsNonRoot").ShouldBe("true");
        security.Str("runAsUser").ShouldNotBe("0");
        Container.Map("securityContext").Str("allowPrivilegeEscalation").ShouldBe("false");
    }

    [Fact]
    public void The_service_sends_http_to_the_deployments_pods()
    {
        var service = Resource("Service").Map("spec");
        var labels = Pod.Map("metadata").Map("labels").Scalars();

        foreach (var (key, value) in service.Map("selector").Scalars())
            labels[key].ShouldBe(value);
        var port = service.Seq("ports").Children.Single();
        ContainerPorts.ShouldContainKey(port.Str("targetPort"));
        Resource("Deployment").Map("spec").Map("selector").Map("matchLabels").Scalars().ShouldBe(service.Map("selector").Scalars());
    }
}
