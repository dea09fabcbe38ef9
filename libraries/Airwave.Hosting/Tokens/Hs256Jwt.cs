using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Airwave.Hosting.Tokens;

/// <summary>JWTs (RFC 7519) signed HS256: the signaling sites' user and API tokens, its broadcast and viewer grants, and WebRtc viewer tokens.</summary>
public static class Hs256Jwt
{
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    public static string Sign(JsonObject claims, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var signed = $"{Header}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        return $"{signed}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)))}";
    }

    /// <summary>The token's claims when it is a JWT signed HS256 with <paramref name="key"/>; else what is wrong with it.</summary>
    public static (JsonElement Claims, JwtProblem Problem) Read(string? token, byte[] key)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3)
        {
            return (default, JwtProblem.NotAJwt);
        }

        JsonElement header, claims;
        byte[] signature;
        try
        {
            header = Parse(Base64Url.DecodeFromChars(parts[0]));
            claims = Parse(Base64Url.DecodeFromChars(parts[1]));
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return (default, JwtProblem.NotEncoded);
        }

        if (header.ValueKind != JsonValueKind.Object || claims.ValueKind != JsonValueKind.Object)
        {
            return (default, JwtProblem.NotObjects);
        }

        // The algorithm is fixed, not taken from the header: "none" or an RSA confusion cannot be slipped in.
        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
        {
            return (default, JwtProblem.NotHs256);
        }

        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        return CryptographicOperations.FixedTimeEquals(expected, signature) ? (claims, JwtProblem.None) : (default, JwtProblem.BadSignature);
    }

    /// <summary>One JSON value, the whole of <paramref name="utf8"/>; <see cref="JsonException"/> when it is not.</summary>
    private static JsonElement Parse(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return document.RootElement.Clone();
    }

    /// <summary>A string claim's value; null when the claim is missing or not a string.</summary>
    public static string? StringClaim(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>When the token expires (its exp claim, seconds since 1970); null when it has none.</summary>
    public static DateTimeOffset? Expiry(JsonElement claims) =>
        claims.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}

public enum JwtProblem
{
    None,
    NotAJwt,
    NotEncoded,
    NotObjects,
    NotHs256,
    BadSignature,
}
