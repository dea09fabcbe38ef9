namespace Airwave.Sandbox;

/// <summary>
/// Who the sandbox's operator runs as (its kubeconfig), the namespace it runs in (where its Lease lives), and the
/// namespaces it is allowed to manage (every namespace when empty), as an installation's RBAC and settings give them.
/// </summary>
public sealed record OperatorIdentity(string KubeconfigPath, string Namespace, IReadOnlyList<string>? WatchNamespaces = null);
