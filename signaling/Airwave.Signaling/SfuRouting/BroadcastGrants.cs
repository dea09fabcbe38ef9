using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Hosting.Tokens;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;

namespace Airwave.Signaling.SfuRouting;

/// <summary>
/// Short-lived grants to publish one broadcast into one WebRtc stream, which the service hands a broadcaster's page
/// when its broadcast moves from peer-to-peer to the stream's SFU pods. The page presents its grant as its WHIP bearer
/// token; the proxy checks it and presents the stream's broadcast key (<see cref="BroadcastKey"/>) to the pod instead,
/// so a page never holds a key that outlives its broadcast. Grants are JWTs signed HS256 with a key derived from the
/// shared key (Signaling:Sfu:BroadcastKey), with claims aud (namespace/stream), sub (the broadcast) and exp.
/// </summary>
public sealed class BroadcastGrants(SfuRouteSettings settings, BroadcastStore broadcasts, TimeProvider clock)
{
    /// <summary>How long a grant is taken: its broadcast must also still be live and hold the stream.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>Whether the service has the key it shares with the operator, without which it grants nothing.</summary>
    public bool Enabled => settings.Grants;

    public string Issue(string streamNamespace, string streamName, string broadcast, TimeSpan lifetime) =>
        Hs256Jwt.Sign(
            new JsonObject
            {
                ["aud"] = $"{streamNamespace}/{streamName}",
                ["sub"] = broadcast,
                ["exp"] = (clock.GetUtcNow() + lifetime).ToUnixTimeSeconds(),
            },
            SigningKey());

    /// <summary>Whether a bearer token is a grant (a JWT) rather than a stream's own key (which never has dots).</summary>
    public static bool IsGrant(string token) => token.Count(c => c == '.') == 2;

    /// <summary>
    /// The stream's broadcast key, for a grant to publish into that stream that has not expired and, when
    /// <paramref name="publishing"/> (rather than ending its session), whose broadcast is live and holds the stream;
    /// else why not.
    /// </summary>
    public async Task<(string? Key, string? Refusal)> RedeemAsync(string token, string streamNamespace, string streamName, bool publishing, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return (null, "this signaling service grants no broadcasts (it has no Signaling:Sfu:BroadcastKey)");
        }

        var (claims, problem) = Hs256Jwt.Read(token, SigningKey());
        if (problem != JwtProblem.None)
        {
            return (null, "the grant is not one this service issued");
        }

        if (Hs256Jwt.StringClaim(claims, "aud") != $"{streamNamespace}/{streamName}")
        {
            return (null, $"the grant is for another stream than {streamNamespace}/{streamName}");
        }

        if (Hs256Jwt.Expiry(claims) is not { } expires || expires < clock.GetUtcNow())
        {
            return (null, "the grant has expired: the broadcast's page gets a new one from the service");
        }

        if (publishing && (Hs256Jwt.StringClaim(claims, "sub") is not { } sub
            || await broadcasts.GetAsync(sub, cancellationToken) is not { EndedAt: null } broadcast || broadcast.SfuStream != $"{streamNamespace}/{streamName}"))
        {
            return (null, "its broadcast has ended or no longer goes through this stream");
        }

        return (BroadcastKey.ForStream(settings.BroadcastKey!, streamNamespace, streamName), null);
    }

    private byte[] SigningKey() => settings.GrantSigningKey("airwave broadcast grants"u8);
}
