using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Airwave.Hosting.Tokens;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;

namespace Airwave.Signaling.SfuRouting;

/// <summary>
/// Grants to watch one broadcast through its SFU stream, which the service hands a viewer the broadcaster accepted
/// (in the accepted and topology frames that send it to WHEP). The page presents its grant as its WHEP bearer token;
/// the proxy takes it once, while its broadcast is live on that stream and the viewer's request is still accepted
/// and open, and only then calls the stream's pod (with the stream's broadcast key, which the pod asks for). Grants
/// are JWTs signed HS256 with a key derived from the shared key (Signaling:Sfu:BroadcastKey), of their own, with
/// claims aud (namespace/stream), sub (the broadcast), req (the viewer's request), jti and exp.
/// </summary>
public sealed class ViewerGrants(SfuRouteSettings settings, BroadcastStore broadcasts, TimeProvider clock)
{
    /// <summary>How long a grant can be taken: the page takes it at once, and gets another with each new frame.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>Whether the service has the key it shares with the operator, without which it grants nothing.</summary>
    public bool Enabled => settings.Grants;

    /// <summary>A grant for the viewer of request <paramref name="request"/> to watch broadcast <paramref name="broadcast"/> on <paramref name="stream"/> (namespace/name).</summary>
    public string Issue(string stream, string broadcast, string request) =>
        Hs256Jwt.Sign(
            new JsonObject
            {
                ["aud"] = stream,
                ["sub"] = broadcast,
                ["req"] = request,
                ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ["exp"] = (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds(),
            },
            SigningKey());

    /// <summary>Whether this service issued the grant, whatever it allows now.</summary>
    public bool Issued(string token) => Enabled && Hs256Jwt.Read(token, SigningKey()).Problem == JwtProblem.None;

    /// <summary>Null when the grant lets its viewer watch <paramref name="holder"/>'s broadcast on <paramref name="stream"/> now (and it is taken); else why not.</summary>
    public async Task<string?> TakeAsync(string token, string stream, BroadcastSession holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (!Enabled)
        {
            return "this signaling service grants no viewing (it has no Signaling:Sfu:BroadcastKey)";
        }

        var (claims, problem) = Hs256Jwt.Read(token, SigningKey());
        if (problem != JwtProblem.None)
        {
            return "the grant is not one this service issued";
        }

        if (Hs256Jwt.StringClaim(claims, "aud") != stream)
        {
            return $"the grant is for another stream than {stream}";
        }

        if (Hs256Jwt.Expiry(claims) is not { } expires || expires < clock.GetUtcNow())
        {
            return "the grant has expired: the page gets a new one when it asks to watch again";
        }

        if (Hs256Jwt.StringClaim(claims, "sub") != holder.Id)
        {
            return "the grant's broadcast has ended or no longer goes through this stream";
        }

        if (Hs256Jwt.StringClaim(claims, "req") is not { } requestId || Hs256Jwt.StringClaim(claims, "jti") is not { } grantId
            || await broadcasts.GetRequestAsync(requestId, cancellationToken) is not { Decision: ViewerRequest.Accepted, EndedAt: null } request
            || request.SessionId != holder.Id)
        {
            return "the broadcaster has not accepted this viewer, or the viewer left";
        }

        return await broadcasts.TakeViewerGrantAsync(grantId, requestId, expires, cancellationToken)
            ? null
            : "the grant was used already: each WHEP session takes a grant of its own";
    }

    private byte[] SigningKey() => settings.GrantSigningKey("airwave viewer grants"u8);
}
