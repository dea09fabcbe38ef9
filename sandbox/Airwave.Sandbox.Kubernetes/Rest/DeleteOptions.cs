using Airwave.Sandbox.Kubernetes.Authentication;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>A DeleteOptions body (or its query parameters): propagation policy, preconditions and grace period.</summary>
internal sealed record DeleteOptions(string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun)
{
    public static DeleteOptions Background { get; } = new("Background", null, null, false);

    /// <summary>The seconds a pod is given to end (gracePeriodSeconds); null for its spec's terminationGracePeriodSeconds.</summary>
    public long? GracePeriodSeconds { get; init; }

    /// <summary>Who deletes, as admission sees it; null for the sandbox's own controllers.</summary>
    public UserInfo? User { get; init; }
}
