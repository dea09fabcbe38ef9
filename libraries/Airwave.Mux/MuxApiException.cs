using System.Net;

namespace Airwave.Mux;

/// <summary>
/// An error answer of the Mux API, `{"error": {"type": "...", "messages": ["..."]}}`: its HTTP status, type
/// (`not_found`, `invalid_parameters`, `unauthorized`, `too_many_requests`, ...) and messages.
/// </summary>
public sealed class MuxApiException(HttpStatusCode statusCode, string type, IReadOnlyList<string> messages, TimeSpan? retryAfter = null)
    : Exception($"Mux answered {(int)statusCode} {type}: {string.Join("; ", messages)}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string Type { get; } = type;

    public IReadOnlyList<string> Messages { get; } = messages;

    /// <summary>How long Mux asked to wait before the next call (Retry-After on a 429), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsRateLimited => StatusCode == HttpStatusCode.TooManyRequests;
}
