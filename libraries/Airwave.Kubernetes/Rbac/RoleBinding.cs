using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Rbac;

/// <summary>rbac.authorization.k8s.io/v1 RoleBinding: grants a Role's or ClusterRole's rules to subjects in one namespace.</summary>
public sealed record RoleBinding : KubernetesObject
{
    /// <summary>Immutable once created: a binding to another role is deleted and made again.</summary>
    public required RoleRef RoleRef { get; init; }

    public IReadOnlyList<Subject>? Subjects { get; init; }
}

/// <summary>The Role or ClusterRole a binding grants.</summary>
public sealed record RoleRef(string ApiGroup, string Kind, string Name);

/// <summary>Who a binding grants to: a ServiceAccount (with its namespace), a User or a Group.</summary>
public sealed record Subject(string Kind, string Name)
{
    public string? ApiGroup { get; init; }
    public string? Namespace { get; init; }
}
