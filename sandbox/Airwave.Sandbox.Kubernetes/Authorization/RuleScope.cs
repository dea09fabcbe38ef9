namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>
/// The rules a subject holds in one scope (cluster-wide, or one namespace), and the bindings that could not be
/// followed there (a missing role), which denials report as the RBAC authorizer does.
/// </summary>
internal sealed record RuleScope(IReadOnlyList<PolicyRule> Rules, IReadOnlyList<string> Errors)
{
    public static RuleScope Empty { get; } = new([], []);

    public bool Allows(RequestAttributes request)
    {
        foreach (var rule in Rules)
        {
            if (rule.Allows(request))
            {
                return true;
            }
        }

        return false;
    }
}
