namespace Airwave.Kubernetes.Configuration;

/// <summary>A fixed token from a kubeconfig's user.token.</summary>
public sealed class StaticTokenSource(string token) : IAccessTokenSource
{
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);

    public void Invalidate()
    {
        // A fixed token cannot be refreshed; the 401 reaches the caller.
    }
}
