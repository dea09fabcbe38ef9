using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Airwave.Aws.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>
/// What every signature check here does the same way, whatever the service's rules and error words: the request
/// target as sent, the signature the emulator's secret gives the request, and comparing it in fixed time.
/// </summary>
internal static class SignedRequest
{
    /// <summary>The path and query as the client sent them (signatures cover the encoded forms).</summary>
    public static (string Path, string Query) Target(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        return queryStart < 0 ? (target, "") : (target[..queryStart], target[(queryStart + 1)..]);
    }

    /// <summary>
    /// The string to sign and signature of the request with its signed headers, computed with
    /// <paramref name="secretAccessKey"/>; the signing key too, which streaming uploads chain their chunks from.
    /// </summary>
    public static (string StringToSign, string Signature, byte[] SigningKey) Compute(
        HttpRequest request,
        string path,
        string query,
        IReadOnlyList<string> signedHeaders,
        string payloadHash,
        bool normalizePath,
        string secretAccessKey,
        string amzDate,
        string region,
        string service)
    {
        var headers = signedHeaders
            .SelectMany(name => request.Headers[name].Select(value => new KeyValuePair<string, string>(name, value ?? "")))
            .ToList();
        var canonical = new SigV4Request(request.Method, path, query, headers, payloadHash, signedHeaders) { NormalizePath = normalizePath };
        var stringToSign = SigV4.StringToSign(SigV4.CanonicalRequest(canonical), amzDate, SigV4.CredentialScope(amzDate, region, service));
        var key = SigV4.SigningKey(secretAccessKey, amzDate, region, service);
        return (stringToSign, SigV4.Signature(key, stringToSign), key);
    }

    public static bool TryParseDate(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(value, SigV4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);

    public static bool Same(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided));

    /// <param name="rewind">Leave the body readable again, for a routed handler that reads it after the check.</param>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, bool rewind, CancellationToken cancellationToken)
    {
        if (rewind)
        {
            request.EnableBuffering();
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (rewind)
        {
            request.Body.Position = 0;
        }
        return buffer.ToArray();
    }
}
