using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Core;

/// <summary>core/v1 Service, read for its metadata (owner, annotations); an operator writes it with server-side apply, as JSON.</summary>
public sealed record Service : KubernetesObject
{
    /// <summary>spec.clusterIP of a headless Service: its name resolves to each ready pod's own address.</summary>
    public const string Headless = "None";
}
