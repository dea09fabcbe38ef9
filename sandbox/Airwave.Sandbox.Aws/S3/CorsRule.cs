using System.Globalization;
using System.Xml.Linq;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// One rule of a bucket's CORS configuration, as PutBucketCors takes it and S3 evaluates it: origins and headers may
/// hold one <c>*</c> wildcard each, methods are GET, PUT, HEAD, POST and DELETE, and the first rule that allows a
/// request's origin, method and headers answers it.
/// </summary>
internal sealed record CorsRule(
    string? Id,
    IReadOnlyList<string> AllowedMethods,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<string> AllowedHeaders,
    IReadOnlyList<string> ExposeHeaders,
    int? MaxAgeSeconds)
{
    /// <summary>S3 keeps at most this many rules on a bucket.</summary>
    public const int MaxRules = 100;

    private static readonly string[] Methods = ["GET", "PUT", "HEAD", "POST", "DELETE"];

    /// <summary>A PutBucketCors body's rules, refused as S3 refuses them.</summary>
    public static IReadOnlyList<CorsRule> ParseConfiguration(XElement body)
    {
        var rules = S3Xml.Children(body, "CORSRule").Select(Parse).ToList();
        return rules.Count is 0 or > MaxRules ? throw S3Errors.MalformedXml() : rules;
    }

    private static CorsRule Parse(XElement rule)
    {
        List<string> Values(string name) => [.. S3Xml.Children(rule, name).Select(e => e.Value)];
        var methods = Values("AllowedMethod");
        var origins = Values("AllowedOrigin");
        if (methods.Count == 0 || origins.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }

        if (methods.FirstOrDefault(m => !Methods.Contains(m, StringComparer.Ordinal)) is { } unsupported)
        {
            throw S3Errors.InvalidRequest($"Found unsupported HTTP method in CORS config. Unsupported method is {unsupported}");
        }

        if (origins.FirstOrDefault(o => o.Count(c => c == '*') > 1) is { } origin)
        {
            throw S3Errors.InvalidRequest($"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
        }

        var headers = Values("AllowedHeader");
        if (headers.FirstOrDefault(h => h.Count(c => c == '*') > 1) is { } header)
        {
            throw S3Errors.InvalidRequest($"AllowedHeader \"{header}\" can not have more than one wildcard.");
        }

        int? maxAge = null;
        if (S3Xml.Child(rule, "MaxAgeSeconds") is { } age)
        {
            maxAge = int.TryParse(age, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : throw S3Errors.MalformedXml();
        }

        return new CorsRule(S3Xml.Child(rule, "ID"), methods, origins, headers, Values("ExposeHeader"), maxAge);
    }

    public XElement ToXml() =>
        new(S3Xml.Name("CORSRule"),
            Id is null ? null : new XElement(S3Xml.Name("ID"), Id),
            AllowedHeaders.Select(h => new XElement(S3Xml.Name("AllowedHeader"), h)),
            AllowedMethods.Select(m => new XElement(S3Xml.Name("AllowedMethod"), m)),
            AllowedOrigins.Select(o => new XElement(S3Xml.Name("AllowedOrigin"), o)),
            ExposeHeaders.Select(h => new XElement(S3Xml.Name("ExposeHeader"), h)),
            MaxAgeSeconds is { } age ? new XElement(S3Xml.Name("MaxAgeSeconds"), age) : null);

    /// <summary>Whether this rule lets a page at <paramref name="origin"/> send <paramref name="method"/> with these request headers.</summary>
    public bool Allows(string origin, string method, IEnumerable<string> requestHeaders) =>
        AllowedOrigins.Any(o => Matches(o, origin, StringComparison.Ordinal))
        && AllowedMethods.Contains(method, StringComparer.Ordinal)
        && requestHeaders.All(h => AllowedHeaders.Any(a => Matches(a, h, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether the rule allows any origin, so that S3 answers <c>*</c> rather than the origin itself.</summary>
    public bool AnyOrigin => AllowedOrigins.Contains("*", StringComparer.Ordinal);

    /// <summary>A pattern with at most one <c>*</c>, which stands for any run of characters.</summary>
    private static bool Matches(string pattern, string value, StringComparison comparison)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(pattern, value, comparison);
        }

        var (head, tail) = (pattern[..star], pattern[(star + 1)..]);
        return value.Length >= head.Length + tail.Length && value.StartsWith(head, comparison) && value.EndsWith(tail, comparison);
    }
}
