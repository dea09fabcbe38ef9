using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Mux;

/// <summary>
/// Makes the next matching Mux API calls fail before they take effect (a 5xx, a 429 with Retry-After, or a 400 as Mux
/// refuses parameters it does not accept) or take effect and lose their response (the connection dropped), for tests
/// of what a client does then. Calls are matched by
/// method and path, e.g. <c>("POST", "/video/v1/assets")</c>.
/// </summary>
public sealed class MuxFaultInjector
{
    /// <summary>What a <see cref="Kind.Refused"/> call's error says.</summary>
    public const string RefusedMessage = "The request was refused by a fault the test injected";

    private readonly Lock _lock = new();
    private readonly List<PendingFault> _faults = [];

    public enum Kind
    {
        ServerError,
        RateLimited,
        Refused,
        LoseResponse,
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="method"/> to <paramref name="path"/> meet the fault.</summary>
    public void Add(Kind kind, int count, string method, string path)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _faults.Add(new PendingFault(kind, method, path) { Remaining = count });
        }
    }

    /// <summary>How many of the faults added are still to happen.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _faults.Sum(f => f.Remaining);
            }
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        Kind? fault = null;
        lock (_lock)
        {
            var match = _faults.FirstOrDefault(f =>
                string.Equals(f.Method, context.Request.Method, StringComparison.OrdinalIgnoreCase) && f.Path == context.Request.Path.Value);
            if (match is not null)
            {
                fault = match.Kind;
                if (--match.Remaining == 0)
                {
                    _faults.Remove(match);
                }
            }
        }

        switch (fault)
        {
            case Kind.ServerError:
                await MuxProblem.ServerError().ToResult().ExecuteAsync(context);
                return;
            case Kind.RateLimited:
                context.Response.Headers.RetryAfter = "1";
                await MuxProblem.RateLimited().ToResult().ExecuteAsync(context);
                return;
            case Kind.Refused:
                await MuxProblem.Invalid(RefusedMessage).ToResult().ExecuteAsync(context);
                return;
            case Kind.LoseResponse:
                // The call takes effect; its answer never arrives. Buffered, so nothing is sent before the abort.
                context.Response.Body = Stream.Null;
                await next(context);
                context.Abort();
                return;
            default:
                await next(context);
                return;
        }
    }

    private sealed record PendingFault(Kind Kind, string Method, string Path)
    {
        public int Remaining { get; set; }
    }
}
