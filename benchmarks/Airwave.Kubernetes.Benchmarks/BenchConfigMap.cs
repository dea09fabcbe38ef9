using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Benchmarks;

public sealed record BenchConfigMap : KubernetesObject
{
    public IReadOnlyDictionary<string, string>? Data { get; init; }
}
