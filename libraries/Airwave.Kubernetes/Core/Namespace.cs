using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Core;

/// <summary>core/v1 Namespace, as far as Airwave reads it: its name and whether it is being deleted.</summary>
public sealed record Namespace : KubernetesObject;
