using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>An object the tests only pass through, such as a CustomResourceDefinition.</summary>
public sealed record RawObject : KubernetesObject
{
    public JsonObject? Spec { get; init; }
}
