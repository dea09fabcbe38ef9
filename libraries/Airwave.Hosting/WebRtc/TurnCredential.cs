using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Airwave.Hosting.WebRtc;

/// <summary>
/// A TURN credential of the REST API scheme TURN servers such as coturn check with use-auth-secret: the user name is
/// "expiry:user", the password base64(HMAC-SHA1(secret, user name)), so no long-lived TURN password reaches a client.
/// </summary>
public static class TurnCredential
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The TURN REST API scheme that TURN servers check is HMAC-SHA1.")]
    public static (string Username, string Credential) Mint(string user, DateTimeOffset expires, string secret)
    {
        var username = $"{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:{user}";
        return (username, Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username))));
    }
}
