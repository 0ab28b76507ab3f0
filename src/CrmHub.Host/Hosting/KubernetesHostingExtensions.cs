namespace CrmHub.Host;

/// <summary>
/// <c>CrmHub:Cluster:Kubernetes</c>: additive to <c>CrmHub:Cluster:Provider</c> (which still chooses the membership
/// table). When true the silo runs under Orleans' Kubernetes hosting: it takes its address from <c>POD_IP</c>, its
/// cluster and service ids from <c>ORLEANS_CLUSTER_ID</c> / <c>ORLEANS_SERVICE_ID</c>, and watches the pods of its
/// namespace (<c>POD_NAMESPACE</c>, <c>POD_NAME</c>) to evict silos whose pods are gone (see deploy/k8s).
/// </summary>
public sealed class KubernetesHostingSwitch
{
    public const string Key = "CrmHub:Cluster:Kubernetes";

    public bool Kubernetes { get; set; }
}

public static class KubernetesHostingExtensions
{
    /// <summary>Calls <c>UseKubernetesHosting()</c> when <see cref="KubernetesHostingSwitch.Key"/> is true.</summary>
    public static ISiloBuilder UseCrmHubKubernetesHosting(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (configuration.GetValue<bool>(KubernetesHostingSwitch.Key))
            silo.UseKubernetesHosting();
        return silo;
    }
}
