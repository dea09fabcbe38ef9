using System.Text;
using System.Text.Json;
using Airwave.Hosting.Tokens;
using Airwave.Signaling.Sites;

namespace Airwave.Signaling.Identity;

/// <summary>
/// The JWTs (RFC 7519) a site's server makes with the site's secret, HS256, with claims <c>aud</c> (the site id) and
/// <c>exp</c> (required); <c>nbf</c> is honoured. Any JWT library of the site's language makes them, and a browser never
/// has the secret, so a page cannot make one. Two kinds:
/// <list type="bullet">
/// <item><b>user tokens</b>, on the site's buttons: <c>sub</c> is the site's user id the page speaks for;</item>
/// <item><b>API tokens</b>, for the site's own server calling the site API: <c>scope</c> includes <c>api</c>. A user
/// token does not open the API, so a visitor cannot read other users' broadcasts with the token of their page.</item>
/// </list>
/// </summary>
public sealed class SiteTokens(TimeProvider clock)
{
    /// <summary>The scope an API token carries (in its space-separated <c>scope</c> claim).</summary>
    public const string ApiScope = "api";

    /// <summary>How far the site's clock and ours may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>The user id the token carries for <paramref name="site"/>, or why it carries none.</summary>
    public TokenResult ValidateUser(Site site, string? token)
    {
        var (claims, refused) = Verify(site, token, "user token");
        if (refused is not null)
        {
            return refused;
        }

        if (!claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || sub.GetString() is not { Length: > 0 and <= 256 } userId)
        {
            return TokenResult.Refused(TokenProblem.Malformed, "the user token has no user id (a sub claim of 1 to 256 characters)");
        }

        return CheckTimes(claims, "user token") ?? TokenResult.Accepted(userId);
    }

    /// <summary>Whether the token lets its bearer use the site API of <paramref name="site"/>, or why not.</summary>
    public TokenResult ValidateApi(Site site, string? token)
    {
        var (claims, refused) = Verify(site, token, "API token");
        if (refused is not null)
        {
            return refused;
        }

        if (!claims.TryGetProperty("scope", out var scope) || scope.ValueKind != JsonValueKind.String
            || !scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(ApiScope, StringComparer.Ordinal))
        {
            return TokenResult.Refused(TokenProblem.WrongScope, $"the token is not an API token: its scope claim must include \"{ApiScope}\"");
        }

        return CheckTimes(claims, "API token") ?? TokenResult.Accepted(null);
    }

    /// <summary>The claims of a token signed with the site's secret for the site, or why it is refused.</summary>
    private static (JsonElement Claims, TokenResult? Refused) Verify(Site site, string? token, string kind)
    {
        ArgumentNullException.ThrowIfNull(site);
        var (claims, problem) = Hs256Jwt.Read(token, Encoding.UTF8.GetBytes(site.Secret));
        var refusal = problem switch
        {
            JwtProblem.None => null,
            JwtProblem.NotAJwt => TokenResult.Refused(TokenProblem.Malformed, $"the {kind} is not a JWT (three base64url parts separated by dots)"),
            JwtProblem.NotEncoded => TokenResult.Refused(TokenProblem.Malformed, $"the {kind} is not a JWT (its parts are not base64url-encoded JSON)"),
            JwtProblem.NotObjects => TokenResult.Refused(TokenProblem.Malformed, $"the {kind}'s header and claims must be JSON objects"),
            JwtProblem.NotHs256 => TokenResult.Refused(TokenProblem.Malformed, $"the {kind} must be signed HS256 with the site's secret"),
            _ => TokenResult.Refused(TokenProblem.BadSignature, $"the {kind} is not signed with the secret of site {site.Id}"),
        };
        if (refusal is not null)
        {
            return (default, refusal);
        }

        if (!Audiences(claims).Contains(site.Id, StringComparer.Ordinal))
        {
            return (default, TokenResult.Refused(TokenProblem.WrongSite, $"the {kind} is not for site {site.Id} (its aud claim must name the site)"));
        }

        return (claims, null);
    }

    private TokenResult? CheckTimes(JsonElement claims, string kind)
    {
        var now = clock.GetUtcNow();
        if (!claims.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires))
        {
            return TokenResult.Refused(TokenProblem.Malformed, $"the {kind} has no expiry (an exp claim in seconds since 1970)");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253402300799)) + ClockSkew < now)
        {
            return TokenResult.Refused(TokenProblem.Expired, kind == "user token" ? "the user token has expired: the page needs a fresh one from the site" : $"the {kind} has expired");
        }

        if (claims.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var notBefore)
            && DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(notBefore, 0, 253402300799)) - ClockSkew > now)
        {
            return TokenResult.Refused(TokenProblem.Expired, $"the {kind} is not valid yet (nbf is in the future)");
        }

        return null;
    }

    private static IEnumerable<string?> Audiences(JsonElement claims) =>
        !claims.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()]
        : aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString())
        : [];
}

public enum TokenProblem
{
    None,
    Malformed,
    BadSignature,
    WrongSite,
    WrongScope,
    Expired,
}

/// <summary>Valid (with the user id of a user token), or the problem and a message a site's developer can act on (it never repeats the token).</summary>
public sealed record TokenResult(string? UserId, TokenProblem Problem, string? Message)
{
    public bool IsValid => Problem == TokenProblem.None;

    public static TokenResult Accepted(string? userId) => new(userId, TokenProblem.None, null);

    public static TokenResult Refused(TokenProblem problem, string message) => new(null, problem, message);
}
