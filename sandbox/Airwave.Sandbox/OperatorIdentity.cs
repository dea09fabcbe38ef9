namespace Airwave.Sandbox;

/// <summary>
/// Who the sandbox's operator runs as (its kubeconfig), the namespace it runs in (where its Lease lives), the
/// namespaces it is allowed to manage (every namespace when empty), and the Deployment that grants it its writes in a
/// namespace (namespace/name; none when its account may write wherever it works), as an installation's RBAC and
/// settings give them.
/// </summary>
public sealed record OperatorIdentity(string KubeconfigPath, string Namespace, IReadOnlyList<string>? WatchNamespaces = null, string? NamespaceAccessController = null);
