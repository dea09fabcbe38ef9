using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Networking;

/// <summary>networking.k8s.io/v1 NetworkPolicy, read for its metadata; an operator writes it with server-side apply, as JSON.</summary>
public sealed record NetworkPolicy : KubernetesObject;
