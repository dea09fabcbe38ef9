using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// CloudFront's check of a request to a cache behavior that trusts key groups: a signed URL (<c>Expires</c> or
/// <c>Policy</c>, <c>Signature</c>, <c>Key-Pair-Id</c>) or signed cookies (<c>CloudFront-</c> the same), the
/// signature RSA-SHA1 over the policy by a key in one of the trusted groups, the policy's resource matching the
/// request and its dates and address range holding. Any failure is CloudFront's 403 with its code and message.
/// </summary>
internal static partial class SignedRequestCheck
{
    private static readonly string[] SigningParameters = ["Expires", "Policy", "Signature", "Key-Pair-Id"];

    /// <param name="urls">The URLs the request is for, as a signer may have written them (the edge's and the distribution's domain).</param>
    /// <returns>Null when the request may be served, else the refusal.</returns>
    public static IResult? Refusal(HttpRequest request, IReadOnlyList<string> urls, Func<string, RSA?> trustedKey, DateTimeOffset now)
    {
        var signed = Read(request);
        if (string.IsNullOrEmpty(signed.KeyPairId))
        {
            return Denied("MissingKey", "Missing Key-Pair-Id query parameter or cookie value");
        }

        if (trustedKey(signed.KeyPairId) is not { } key)
        {
            return Denied("InvalidKey", "Unknown Key");
        }

        if (string.IsNullOrEmpty(signed.Signature) || (signed.Policy is null) == (signed.Expires is null))
        {
            return Denied("AccessDenied", "Access denied");
        }

        // A canned policy is the one statement CloudFront builds itself from the URL and Expires.
        var policies = signed.Policy is { } encoded
            ? PolicyText(encoded) is { } json ? [json] : null
            : (List<string>?)urls.Select(url => $"{{\"Statement\":[{{\"Resource\":{JsonSerializer.Serialize(url)},\"Condition\":{{\"DateLessThan\":{{\"AWS:EpochTime\":{signed.Expires}}}}}}}]}}").ToList();
        if (policies is null || DecodeBytes(signed.Signature) is not { } signature)
        {
            return Denied("MalformedPolicy", "Malformed Policy");
        }

        var verified = policies.FirstOrDefault(p => key.VerifyData(Encoding.UTF8.GetBytes(p), signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
        if (verified is null)
        {
            return Denied("AccessDenied", "Access denied");
        }

        return Allows(verified, urls, request.HttpContext.Connection.RemoteIpAddress, now) switch
        {
            null => Denied("MalformedPolicy", "Malformed Policy"),
            false => Denied("AccessDenied", "Access denied"),
            true => null,
        };
    }

    private sealed record Signed(string? KeyPairId, string? Signature, string? Policy, string? Expires);

    /// <summary>The URL's signing parameters, else the cookies'.</summary>
    private static Signed Read(HttpRequest request)
    {
        string? Query(string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
        string? Cookie(string name) => request.Cookies.TryGetValue("CloudFront-" + name, out var value) ? value : null;
        return Query("Signature") is not null || Query("Key-Pair-Id") is not null
            ? new Signed(Query("Key-Pair-Id"), Query("Signature"), Query("Policy"), Query("Expires"))
            : new Signed(Cookie("Key-Pair-Id"), Cookie("Signature"), Cookie("Policy"), Cookie("Expires"));
    }

    /// <summary>The request's URL without the signing parameters: what a policy's resource is matched against.</summary>
    public static string WithoutSigning(string baseUrl, IQueryCollection query)
    {
        var kept = query.Where(q => !SigningParameters.Contains(q.Key, StringComparer.Ordinal))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .ToList();
        return kept.Count == 0 ? baseUrl : $"{baseUrl}?{string.Join('&', kept)}";
    }

    /// <summary>Whether the policy's statement allows the request; null when it is not a policy CloudFront reads.</summary>
    private static bool? Allows(string policy, IReadOnlyList<string> urls, IPAddress? client, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(policy);
            if (!document.RootElement.TryGetProperty("Statement", out var statements) || statements.ValueKind != JsonValueKind.Array || statements.GetArrayLength() != 1)
            {
                return null;
            }

            var statement = statements[0];
            var resource = statement.TryGetProperty("Resource", out var r) ? r.GetString() : null;
            if (!statement.TryGetProperty("Condition", out var condition) || !condition.TryGetProperty("DateLessThan", out var lessThan))
            {
                return null;
            }

            var pattern = new Regex("^" + Regex.Escape(resource ?? "*").Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            var notBefore = condition.TryGetProperty("DateGreaterThan", out var greaterThan) ? Epoch(greaterThan) : null;
            var range = condition.TryGetProperty("IpAddress", out var ip) && ip.TryGetProperty("AWS:SourceIp", out var cidr) ? cidr.GetString() : null;
            return urls.Any(pattern.IsMatch)
                && Epoch(lessThan) is { } expires && now < expires
                && (notBefore is null || now > notBefore)
                && (range is null || (client is not null && IPNetwork.TryParse(range, out var network) && network.Contains(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client)));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Epoch(JsonElement condition) =>
        condition.TryGetProperty("AWS:EpochTime", out var time) && time.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>CloudFront's base64 (- for +, _ for =, ~ for /); null when it is none.</summary>
    private static byte[]? DecodeBytes(string value)
    {
        try
        {
            return Convert.FromBase64String(value.Replace('-', '+').Replace('_', '=').Replace('~', '/'));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? PolicyText(string encoded) => DecodeBytes(encoded) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    private static IResult Denied(string code, string message) => Results.Text(
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>",
        "text/xml",
        statusCode: StatusCodes.Status403Forbidden);
}
