namespace Airwave.Sandbox;

/// <summary>Who the sandbox's operator runs as (its kubeconfig) and the namespace it runs in (where its Lease lives).</summary>
public sealed record OperatorIdentity(string KubeconfigPath, string Namespace);
