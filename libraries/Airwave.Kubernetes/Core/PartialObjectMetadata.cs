using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Core;

/// <summary>
/// Any object read for its metadata alone (its spec and status are dropped when read), as client-go's
/// PartialObjectMetadata: for a cache that needs to know which objects exist, not what they say.
/// </summary>
public sealed record PartialObjectMetadata : KubernetesObject;
