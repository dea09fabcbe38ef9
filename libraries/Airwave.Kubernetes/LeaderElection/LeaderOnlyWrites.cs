using System.Net;

namespace Airwave.Kubernetes.LeaderElection;

/// <summary>
/// Lets a request that may change something (any method but GET and HEAD) made by the leader's work through only while
/// this process leads, as <see cref="LeaderElector.EnsureMayWrite"/> decides at that moment. Every client the operator
/// writes with (Kubernetes, AWS, Mux) sends through it, so a replica that lost the lease without noticing yet changes nothing.
/// </summary>
/// <remarks>
/// The lease is checked when the request is handed over and again when its body is about to be written, after a
/// connection was found or opened: a process paused in between (a stalled VM, a long GC pause) would otherwise send
/// the write once it resumes, though it stopped leading meanwhile. A server acts on a request only once its body
/// arrived whole, so a write refused there changes nothing.
/// </remarks>
public sealed class LeaderOnlyWrites(LeaderElector elector) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        elector.EnsureMayWrite();
        if (request.Content is { } content)
        {
            request.Content = new CheckedContent(content, elector);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not NotLeaderException && Refusal(e.InnerException) is { } refused)
        {
            // The connection reports a body that failed to write as a transport error or a cancellation of its own;
            // it was a refusal to write.
            throw refused;
        }
    }

    private static NotLeaderException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is NotLeaderException refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>The request's own body, written only after the lease was checked once more.</summary>
    private sealed class CheckedContent : HttpContent
    {
        private readonly HttpContent _body;
        private readonly LeaderElector _elector;

        public CheckedContent(HttpContent body, LeaderElector elector)
        {
            _body = body;
            _elector = elector;
            foreach (var (name, values) in body.Headers)
            {
                Headers.TryAddWithoutValidation(name, values);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            _elector.EnsureMayWrite();
            return _body.CopyToAsync(stream, context, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _body.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
