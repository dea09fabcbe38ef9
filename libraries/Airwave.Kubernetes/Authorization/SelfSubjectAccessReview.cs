using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Authorization;

/// <summary>
/// authorization.k8s.io/v1 SelfSubjectAccessReview: asks the API server whether the caller may make a call, as
/// `kubectl auth can-i` does. Every authenticated account may ask (the system:basic-user ClusterRole).
/// </summary>
public sealed record SelfSubjectAccessReview : KubernetesObject
{
    public required SelfSubjectAccessReviewSpec Spec { get; init; }

    public SubjectAccessReviewStatus? Status { get; init; }
}

public sealed record SelfSubjectAccessReviewSpec(ResourceAttributes ResourceAttributes);

/// <summary>The call asked about: a verb on a resource (group, plural) in a namespace, optionally of one name.</summary>
public sealed record ResourceAttributes(string Namespace, string Verb, string Group, string Resource)
{
    public string? Name { get; init; }
}

public sealed record SubjectAccessReviewStatus(bool Allowed)
{
    public string? Reason { get; init; }
}
