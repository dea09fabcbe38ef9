using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Core;

/// <summary>core/v1 ConfigMap: text values under keys matching <c>[-._a-zA-Z0-9]+</c>.</summary>
public sealed record ConfigMap : KubernetesObject
{
    public IReadOnlyDictionary<string, string>? Data { get; init; }
}
