using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Airwave.Signaling.Sites;

namespace Airwave.Signaling.Identity;

/// <summary>
/// The signed user ids a site's server puts on its buttons: JWTs (RFC 7519) signed HS256 with the site's secret, with
/// claims <c>sub</c> (the site's user id), <c>aud</c> (the site id) and <c>exp</c> (required); <c>nbf</c> is honoured.
/// Any JWT library of the site's language makes them, so a page cannot claim to be another user: it does not have
/// the secret.
/// </summary>
public sealed class UserTokens(TimeProvider clock)
{
    /// <summary>How far the site's clock and ours may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>The user id the token carries for <paramref name="site"/>, or why it carries none.</summary>
    public UserTokenResult Validate(Site site, string? token)
    {
        ArgumentNullException.ThrowIfNull(site);
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3)
        {
            return UserTokenResult.Refused(UserTokenProblem.Malformed, "the user token is not a JWT (three base64url parts separated by dots)");
        }

        JsonElement header, claims;
        byte[] signature;
        try
        {
            header = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[0]));
            claims = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[1]));
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return UserTokenResult.Refused(UserTokenProblem.Malformed, "the user token is not a JWT (its parts are not base64url-encoded JSON)");
        }

        if (header.ValueKind != JsonValueKind.Object || claims.ValueKind != JsonValueKind.Object)
        {
            return UserTokenResult.Refused(UserTokenProblem.Malformed, "the user token's header and claims must be JSON objects");
        }

        // The algorithm is fixed, not taken from the header: "none" or an RSA confusion cannot be slipped in.
        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
        {
            return UserTokenResult.Refused(UserTokenProblem.Malformed, "the user token must be signed HS256 with the site's secret");
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(site.Secret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return UserTokenResult.Refused(UserTokenProblem.BadSignature, $"the user token is not signed with the secret of site {site.Id}");
        }

        if (!Audiences(claims).Contains(site.Id, StringComparer.Ordinal))
        {
            return UserTokenResult.Refused(UserTokenProblem.WrongSite, $"the user token is not for site {site.Id} (its aud claim must name the site)");
        }

        if (!claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || sub.GetString() is not { Length: > 0 and <= 256 } userId)
        {
            return UserTokenResult.Refused(UserTokenProblem.Malformed, "the user token has no user id (a sub claim of 1 to 256 characters)");
        }

        var now = clock.GetUtcNow();
        if (!claims.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires))
        {
            return UserTokenResult.Refused(UserTokenProblem.Malformed, "the user token has no expiry (an exp claim in seconds since 1970)");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253402300799)) + ClockSkew < now)
        {
            return UserTokenResult.Refused(UserTokenProblem.Expired, "the user token has expired: the page needs a fresh one from the site");
        }

        if (claims.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var notBefore)
            && DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(notBefore, 0, 253402300799)) - ClockSkew > now)
        {
            return UserTokenResult.Refused(UserTokenProblem.Expired, "the user token is not valid yet (nbf is in the future)");
        }

        return UserTokenResult.Accepted(userId);
    }

    private static IEnumerable<string?> Audiences(JsonElement claims) =>
        !claims.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()]
        : aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString())
        : [];
}

public enum UserTokenProblem
{
    None,
    Malformed,
    BadSignature,
    WrongSite,
    Expired,
}

/// <summary>A user id, or the problem and a message a site's developer can act on (it never repeats the token).</summary>
public sealed record UserTokenResult(string? UserId, UserTokenProblem Problem, string? Message)
{
    public bool IsValid => UserId is not null;

    public static UserTokenResult Accepted(string userId) => new(userId, UserTokenProblem.None, null);

    public static UserTokenResult Refused(UserTokenProblem problem, string message) => new(null, problem, message);
}
