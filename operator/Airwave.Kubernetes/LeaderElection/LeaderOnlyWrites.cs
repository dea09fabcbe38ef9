namespace Airwave.Kubernetes.LeaderElection;

/// <summary>
/// Lets a request that may change something (any method but GET and HEAD) made by the leader's work through only while
/// this process leads, as <see cref="LeaderElector.EnsureMayWrite"/> decides at that moment. Every client the operator
/// writes with (Kubernetes, AWS, Mux) sends through it, so a replica that lost the lease without noticing yet changes nothing.
/// </summary>
public sealed class LeaderOnlyWrites(LeaderElector elector) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            elector.EnsureMayWrite();
        }

        return base.SendAsync(request, cancellationToken);
    }
}
