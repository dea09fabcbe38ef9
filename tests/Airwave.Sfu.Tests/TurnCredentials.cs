using System.Globalization;

namespace Airwave.Sfu.Tests;

/// <summary>Credentials of the TURN REST API scheme, as the signaling service mints them for pages.</summary>
internal static class TurnCredentials
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The TURN REST API scheme that TURN servers check is HMAC-SHA1.")]
    public static (string User, string Password) For(string secret)
    {
        var user = $"{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:test";
        return (user, Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(user))));
    }
}
