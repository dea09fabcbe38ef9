using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Tests.Support;

public sealed record TestConfigMap : KubernetesObject
{
    public IReadOnlyDictionary<string, string>? Data { get; init; }
}
