namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>Everything one subject may do: ClusterRoleBindings grant everywhere, RoleBindings in their namespace only.</summary>
internal sealed record SubjectRules(RuleScope ClusterWide, IReadOnlyDictionary<string, RuleScope> ByNamespace)
{
    public RuleScope In(string @namespace) => ByNamespace.GetValueOrDefault(@namespace, RuleScope.Empty);
}
