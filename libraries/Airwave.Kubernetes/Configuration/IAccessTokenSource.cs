namespace Airwave.Kubernetes.Configuration;

/// <summary>Supplies the bearer token for each request; sources whose tokens expire refresh them here.</summary>
public interface IAccessTokenSource
{
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>The server answered 401 with the current token: fetch a fresh one next time.</summary>
    void Invalidate();
}
