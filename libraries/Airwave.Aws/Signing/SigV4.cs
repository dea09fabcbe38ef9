using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Airwave.Aws.Signing;

/// <summary>
/// The AWS Signature Version 4 algorithm: canonical request, string to sign, signing key and signature.
/// Shared by the signing clients and by the emulator that verifies their signatures.
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string HashHex(ReadOnlySpan<byte> payload) =>
        Convert.ToHexStringLower(SHA256.HashData(payload));

    /// <summary>The credential scope, e.g. <c>20150830/us-east-1/service/aws4_request</c>.</summary>
    public static string CredentialScope(string amzDate, string region, string service) =>
        $"{amzDate[..8]}/{region}/{service}/aws4_request";

    public static string CanonicalRequest(SigV4Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signed = request.SignedHeaderNames();
        var builder = new StringBuilder()
            .Append(request.Method.ToUpperInvariant()).Append('\n')
            .Append(request.NormalizePath ? CanonicalUri(request.Path) : request.Path.Length == 0 ? "/" : request.Path).Append('\n')
            .Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var name in signed)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request, name)).Append('\n');
        }
        return builder.Append('\n')
            .Append(string.Join(';', signed)).Append('\n')
            .Append(request.PayloadHash)
            .ToString();
    }

    public static string StringToSign(string canonicalRequest, string amzDate, string credentialScope) =>
        $"{Algorithm}\n{amzDate}\n{credentialScope}\n{HashHex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static byte[] SigningKey(string secretAccessKey, string amzDate, string region, string service)
    {
        var date = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(amzDate[..8]));
        var regional = HMACSHA256.HashData(date, Encoding.UTF8.GetBytes(region));
        var serviceKey = HMACSHA256.HashData(regional, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(serviceKey, "aws4_request"u8);
    }

    public static string Signature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Computes the full <c>Authorization</c> header value for a request.</summary>
    public static string Authorization(SigV4Request request, string accessKeyId, string secretAccessKey, string amzDate, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = CredentialScope(amzDate, region, service);
        var stringToSign = StringToSign(CanonicalRequest(request), amzDate, scope);
        var signature = Signature(SigningKey(secretAccessKey, amzDate, region, service), stringToSign);
        return $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', request.SignedHeaderNames())}, Signature={signature}";
    }

    /// <summary>
    /// Normalizes the path (RFC 3986 dot segments, repeated slashes) and URI-encodes it once more,
    /// which for a path already encoded on the wire gives the double encoding every service but S3 expects.
    /// </summary>
    public static string CanonicalUri(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }
                    continue;
                default:
                    segments.Add(UriEncode(segment));
                    break;
            }
        }
        var trailingSlash = segments.Count > 0 && (path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal));
        return "/" + string.Join('/', segments) + (trailingSlash ? "/" : "");
    }

    /// <summary>Decodes each parameter, re-encodes it per RFC 3986 and sorts by name, then value.</summary>
    public static string CanonicalQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pairs = query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(pair => $"{pair.Name}={pair.Value}"));
    }

    /// <summary>Percent-encodes every byte of the UTF-8 form except the RFC 3986 unreserved characters.</summary>
    public static string UriEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static string CanonicalHeaderValue(SigV4Request request, string name) =>
        string.Join(',', request.Headers
            .Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(header => CollapseSpaces(header.Value)));

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            if (c == ' ' && builder.Length > 0 && builder[^1] == ' ')
            {
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
