using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Airwave.Sfu.Http;

/// <summary>The answers WHIP and WHEP share: a session made with the engine's SDP, a refusal as problem+json, and reading an SDP body.</summary>
public static class SdpResults
{
    public const string SdpType = "application/sdp";

    /// <summary>201 with the engine's session description and the session's URL, 204, or the refusal.</summary>
    public static IResult From(SessionResult result, string sessionsPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { Session: { } session, Sdp: { } sdp } => new Created($"{sessionsPath}/{session}", sdp),
            { Status: StatusCodes.Status204NoContent } => Results.NoContent(),
            _ => Results.Problem(statusCode: result.Status, title: result.Title, detail: result.Detail),
        };
    }

    /// <summary>The request's session description, or the problem with it (415 when not application/sdp, 400 when not SDP).</summary>
    public static async Task<(string? Sdp, IResult? Problem)> ReadAsync(HttpRequest request, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(SdpType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: $"Not an SDP {what}", detail: $"Send the {what} as {SdpType}."));
        }

        using var reader = new StreamReader(request.Body);
        var sdp = await reader.ReadToEndAsync(cancellationToken);
        return sdp.StartsWith("v=0", StringComparison.Ordinal)
            ? (sdp, null)
            : (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Not an SDP {what}", detail: "The body is not a session description (it starts with v=0)."));
    }

    private sealed class Created(string location, string sdp) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status201Created;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.ContentType = SdpType;
            return httpContext.Response.WriteAsync(sdp, httpContext.RequestAborted);
        }
    }
}
