using System.Text.Json.Nodes;
using Airwave.Hosting.Tokens;

namespace Airwave.Webhook.Views;

/// <summary>
/// What lets a player report views of something it may play only with a token: an HS256 JWT for one LiveStream or
/// VideoAsset, handed out with the playback token (POST /v1/playback-tokens) and expiring with it.
/// </summary>
public static class ViewToken
{
    private const string Audience = "airwave-view";

    public static string Sign(byte[] key, string kind, string @namespace, string name, DateTimeOffset expires) =>
        Hs256Jwt.Sign(new JsonObject { ["aud"] = Audience, ["sub"] = Subject(kind, @namespace, name), ["exp"] = expires.ToUnixTimeSeconds() }, key);

    /// <summary>Whether <paramref name="token"/> is this key's for the object and has not expired.</summary>
    public static bool IsValid(byte[] key, string? token, string kind, string @namespace, string name, DateTimeOffset now)
    {
        var (claims, problem) = Hs256Jwt.Read(token, key);
        return problem == JwtProblem.None
            && Hs256Jwt.StringClaim(claims, "aud") == Audience
            && Hs256Jwt.StringClaim(claims, "sub") == Subject(kind, @namespace, name)
            && Hs256Jwt.Expiry(claims) > now;
    }

    private static string Subject(string kind, string @namespace, string name) => $"{kind}/{@namespace}/{name}";
}
