using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// The bucket and key a request addresses, virtual-hosted (<c>Host: bucket.localhost:port</c>, path = key) or
/// path-style (<c>/bucket/key</c>); <see cref="CatalogPath"/> is the path-style form the operation catalog matches.
/// </summary>
internal sealed record S3Target(string? Bucket, string? Key, bool VirtualHosted)
{
    private const string VirtualHostSuffix = ".localhost";

    public string CatalogPath => Bucket is null ? "/" : Key is null ? $"/{Bucket}" : $"/{Bucket}/{Key}";

    /// <summary>Null for the sandbox's own control paths (<c>/_airwave/...</c>), which no bucket name can start with.</summary>
    public static S3Target? From(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var rawPath = target.Split('?', 2)[0];
        if (rawPath.StartsWith("/_airwave", StringComparison.Ordinal))
        {
            return null;
        }
        var host = context.Request.Host.Host;
        if (host.Length > VirtualHostSuffix.Length && host.EndsWith(VirtualHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var key = rawPath.TrimStart('/');
            return new S3Target(host[..^VirtualHostSuffix.Length].ToLowerInvariant(), key.Length == 0 ? null : Uri.UnescapeDataString(key), VirtualHosted: true);
        }
        var parts = rawPath.TrimStart('/').Split('/', 2);
        var bucket = parts[0].Length == 0 ? null : Uri.UnescapeDataString(parts[0]);
        var objectKey = parts.Length == 2 && parts[1].Length > 0 ? Uri.UnescapeDataString(parts[1]) : null;
        return new S3Target(bucket, objectKey, VirtualHosted: false);
    }

    /// <summary>The service a request is signed for, from its Authorization header or presigned query; null when unsigned.</summary>
    public static string? SignedFor(HttpRequest request)
    {
        var credential = Airwave.Aws.Signing.SigV4AuthorizationHeader.TryParse(request.Headers.Authorization.ToString(), out var header) && header is not null
            ? header.Service
            : request.Query["X-Amz-Credential"].ToString().Split('/') is [_, _, _, var service, _] ? service : null;
        return credential;
    }
}
