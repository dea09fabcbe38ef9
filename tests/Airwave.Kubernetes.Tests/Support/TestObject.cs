using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>A small custom resource for exercising the client and runtime.</summary>
public sealed record TestObject : CustomResource<TestSpec, TestStatus>
{
    public static readonly ResourceType Type = new("test.airwave.io", "v1", "widgets", "Widget", Namespaced: true);

    public static TestObject Named(string name, int replicas = 1, string @namespace = "default") => new()
    {
        ApiVersion = Type.ApiVersion,
        Kind = Type.Kind,
        Metadata = new ObjectMeta { Name = name, Namespace = @namespace },
        Spec = new TestSpec { Replicas = replicas },
    };
}
