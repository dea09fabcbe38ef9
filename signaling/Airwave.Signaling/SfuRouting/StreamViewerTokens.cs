using Airwave.Api.LiveStreams;
using Airwave.Hosting.Tokens;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;

namespace Airwave.Signaling.SfuRouting;

/// <summary>
/// Viewer tokens of private WebRtc streams: the webhook service issues them to apps allowed to get the stream, signed
/// with the key the operator derives from the shared broadcast key (<see cref="WebRtcViewerKeySecret"/>), which this
/// service derives too. A viewer presents one as its WHEP bearer token; each is taken once, before it expires, for
/// the stream it names.
/// </summary>
public sealed class StreamViewerTokens(SfuRouteSettings settings, BroadcastStore broadcasts, TimeProvider clock)
{
    /// <summary>Null when the token lets its viewer open a WHEP session of <paramref name="stream"/> (namespace/name) now, and it is taken; else why not.</summary>
    public async Task<string?> TakeAsync(string token, string stream, CancellationToken cancellationToken)
    {
        var (claims, problem) = settings.Grants ? Hs256Jwt.Read(token, WebRtcViewerKeySecret.Derive(settings.BroadcastKey!)) : (default, JwtProblem.BadSignature);
        if (problem != JwtProblem.None)
        {
            return "the token is neither a viewer token of this installation nor a grant of a broadcast live on this stream";
        }

        if (Hs256Jwt.StringClaim(claims, "aud") != stream)
        {
            return $"the viewer token is for another stream than {stream}";
        }

        if (Hs256Jwt.Expiry(claims) is not { } expires || expires < clock.GetUtcNow())
        {
            return "the viewer token has expired: the app gets a new one from the webhook service";
        }

        return Hs256Jwt.StringClaim(claims, "jti") is { Length: > 0 } tokenId
            && await broadcasts.TakeViewerGrantAsync(tokenId, $"stream {stream}", expires, cancellationToken)
            ? null
            : "the viewer token was used already: each WHEP session takes a token of its own";
    }
}
