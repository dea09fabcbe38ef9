using System.Text.Json;

namespace Airwave.Signaling.Tests;

/// <summary>User tokens made the way a site's own server makes them: with PyJWT (Debian's python3-jwt), not with our code.</summary>
public static class PyJwt
{
    public static async Task<string> SignAsync(string secret, object claims, string algorithm = "HS256")
    {
        const string script = "import sys, json, jwt; a = json.load(sys.stdin); print(jwt.encode(a['claims'], None if a['alg'] == 'none' else a['secret'], algorithm=a['alg']))";
        var input = JsonSerializer.Serialize(new { secret, claims, alg = algorithm });
        var result = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", script], TimeSpan.FromSeconds(30), input);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }

    /// <summary>A token for <paramref name="userId"/> on <paramref name="siteId"/>, valid for <paramref name="lifetime"/> (negative: expired).</summary>
    public static Task<string> ForUserAsync(string secret, string siteId, string userId, TimeSpan lifetime) =>
        SignAsync(secret, new { sub = userId, aud = siteId, exp = DateTimeOffset.UtcNow.Add(lifetime).ToUnixTimeSeconds() });
}
