namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>Whether a request is allowed and, when it is not, the authorizer's reason (empty when it has nothing to add).</summary>
internal readonly record struct AuthorizationDecision(bool Allowed, string Reason)
{
    public static AuthorizationDecision Allow { get; } = new(true, string.Empty);
}
