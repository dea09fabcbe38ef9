using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// HTTP Digest authentication (RFC 7616 with MD5 and qop=auth), as MediaPackage's WebDAV ingest asks of encoders;
/// Basic is accepted too. Nonces are random per challenge and not tracked: replay protection is not modelled.
/// </summary>
internal static class DigestAuthentication
{
    public const string Realm = "MediaPackage";

    public static string Challenge() =>
        $"Digest realm=\"{Realm}\", qop=\"auth\", algorithm=MD5, nonce=\"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\"";

    /// <summary>Whether the request carries these credentials, as Digest or Basic.</summary>
    public static bool Verify(HttpRequest request, string username, string password)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            try
            {
                return Same(Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])), $"{username}:{password}");
            }
            catch (FormatException)
            {
                return false;
            }
        }
        if (!header.StartsWith("Digest ", StringComparison.Ordinal))
        {
            return false;
        }
        var fields = Fields(header[7..]);
        if (fields.GetValueOrDefault("username") != username || fields.GetValueOrDefault("realm") != Realm
            || fields.GetValueOrDefault("nonce") is not { } nonce || fields.GetValueOrDefault("uri") is not { } uri
            || fields.GetValueOrDefault("response") is not { } response)
        {
            return false;
        }
        var ha1 = Md5($"{username}:{Realm}:{password}");
        var ha2 = Md5($"{request.Method}:{uri}");
        var expected = fields.GetValueOrDefault("qop") == "auth"
            ? Md5($"{ha1}:{nonce}:{fields.GetValueOrDefault("nc")}:{fields.GetValueOrDefault("cnonce")}:auth:{ha2}")
            : Md5($"{ha1}:{nonce}:{ha2}");
        return Same(expected, response);
    }

    /// <summary>The comma-separated <c>name=value</c> or <c>name="value"</c> pairs of a Digest header.</summary>
    private static Dictionary<string, string> Fields(string value)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var at = 0;
        while (at < value.Length)
        {
            var equals = value.IndexOf('=', at);
            if (equals < 0)
            {
                break;
            }
            var name = value[at..equals].Trim().TrimStart(',').Trim();
            string field;
            if (equals + 1 < value.Length && value[equals + 1] == '"')
            {
                var close = value.IndexOf('"', equals + 2);
                if (close < 0)
                {
                    break;
                }
                field = value[(equals + 2)..close];
                at = close + 1;
            }
            else
            {
                var comma = value.IndexOf(',', equals);
                field = (comma < 0 ? value[(equals + 1)..] : value[(equals + 1)..comma]).Trim();
                at = comma < 0 ? value.Length : comma;
            }
            fields[name] = field;
            at = value.IndexOf(',', at) is var next and >= 0 ? next + 1 : value.Length;
        }
        return fields;
    }

#pragma warning disable CA5351 // Digest's MD5 is the protocol's, as MediaPackage's ingest speaks it.
    private static string Md5(string value) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)));
#pragma warning restore CA5351

    private static bool Same(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(provided));
}
