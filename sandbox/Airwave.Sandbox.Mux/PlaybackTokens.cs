using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Mux;

/// <summary>
/// Checks a token for a signed playback id as Mux does: a JWT signed RS256 by one of the account's signing keys (its id
/// in the `kid` claim, as Mux documents it and its SDKs sign, or in the header), for this playback id (`sub`), for this kind of request (`aud`: v video, t thumbnail, s storyboard, g
/// gif), not expired (`exp`). Its claims are what a signed thumbnail is made with (width, height, time).
/// </summary>
internal static class PlaybackTokens
{
    /// <summary>The token's claims when it is valid for the playback id and audience, else null.</summary>
    public static JsonObject? Verify(string? token, string playbackId, string audience, Func<string, RSA?> publicKey, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not [var header, var payload, var signature])
        {
            return null;
        }

        try
        {
            var head = JsonNode.Parse(Base64Url.DecodeFromChars(header)) as JsonObject;
            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(payload)) as JsonObject;
            if ((string?)head?["alg"] != "RS256" || claims is null || ((string?)claims["kid"] ?? (string?)head["kid"]) is not { } kid || publicKey(kid) is not { } key)
            {
                return null;
            }

            var signed = key.VerifyData(Encoding.ASCII.GetBytes($"{header}.{payload}"), Base64Url.DecodeFromChars(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var audiences = claims["aud"] switch
            {
                JsonArray list => list.Select(a => (string?)a),
                var single => [(string?)single],
            };
            var fresh = (long?)claims["exp"] is { } exp && DateTimeOffset.FromUnixTimeSeconds(exp) > now;
            return signed && fresh && (string?)claims["sub"] == playbackId && audiences.Contains(audience) ? claims : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or CryptographicException or InvalidOperationException)
        {
            return null;
        }
    }
}
