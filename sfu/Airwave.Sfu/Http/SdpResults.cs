using Airwave.Hosting;
using Airwave.Sfu.Sdp;
using Airwave.Sfu.Turn;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Airwave.Sfu.Http;

/// <summary>The answers WHIP and WHEP share: a session made with the engine's SDP, a refusal as problem+json, and reading an SDP body.</summary>
public static class SdpResults
{
    public const string SdpType = "application/sdp";

    /// <summary>
    /// 201 with the engine's session description, the session's URL and the pod's TURN server (<paramref name="turn"/>),
    /// 200 with an ICE restart's fragment (each with the ICE session's entity tag), 204, or the refusal.
    /// </summary>
    public static IResult From(SessionResult result, string sessionsPath, TurnLinks? turn = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { Session: { } session, Sdp: { } sdp } => new Described(StatusCodes.Status201Created, $"{sessionsPath}/{session}", SdpType, sdp, result.ETag, turn?.For(session)),
            { Status: StatusCodes.Status200OK, Sdp: { } fragment } => new Described(StatusCodes.Status200OK, null, IceFragment.MediaType, fragment, result.ETag, null),
            { Status: StatusCodes.Status204NoContent } => Results.NoContent(),
            _ => Results.Problem(statusCode: result.Status, title: result.Title, detail: result.Detail),
        };
    }

    /// <summary>The largest body taken: an offer with every candidate is a few KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The request's session description, or the problem with it (415 when not application/sdp, 400 when not SDP).</summary>
    public static async Task<(string? Sdp, IResult? Problem)> ReadAsync(HttpRequest request, string what, CancellationToken cancellationToken)
    {
        var (sdp, problem) = await ReadAsync(request, SdpType, $"an SDP {what}", cancellationToken);
        return problem is not null || sdp!.StartsWith("v=0", StringComparison.Ordinal)
            ? (sdp, problem)
            : (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Not an SDP {what}", detail: "The body is not a session description (it starts with v=0)."));
    }

    /// <summary>
    /// The request's body as text, or the problem with it: 415 when it is not <paramref name="mediaType"/>, 413 when it
    /// is larger than <see cref="MaxBodyBytes"/>.
    /// </summary>
    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, string mediaType, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: $"Not {what}", detail: $"Send {what} as {mediaType}."));
        }

        using var body = await BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        return body is not null
            ? (System.Text.Encoding.UTF8.GetString(body.Memory.Span), null)
            : (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: $"The body is larger than {MaxBodyBytes / 1024} KiB."));
    }

    private sealed class Described(int status, string? location, string contentType, string body, string? etag, string? link) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            if (etag is not null)
            {
                httpContext.Response.Headers.ETag = etag;
            }

            if (link is not null)
            {
                httpContext.Response.Headers.Link = link;
            }

            httpContext.Response.ContentType = contentType;
            return httpContext.Response.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
