namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>A DeleteOptions body (or its query parameters): propagation policy and preconditions.</summary>
internal sealed record DeleteOptions(string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun)
{
    public static DeleteOptions Background { get; } = new("Background", null, null, false);
}
