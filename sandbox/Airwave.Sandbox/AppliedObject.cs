using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Sandbox;

/// <summary>The answer to an object the sandbox applies (CRDs, the chart's manifests): it reads nothing back but the metadata.</summary>
internal sealed record AppliedObject : KubernetesObject;
