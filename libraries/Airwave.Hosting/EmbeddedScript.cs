using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Hosting;

/// <summary>
/// A script embedded in the service's assembly, served at one path to pages that load it with a script tag. It is
/// served from the service, never copied into a site, so every page runs the version that speaks the service's
/// protocol; a short cache lifetime and an ETag let an update reach pages within minutes without downloading it again
/// on every page view.
/// </summary>
public sealed class EmbeddedScript
{
    private readonly byte[] _content;
    private readonly string _etag;
    private readonly string _cacheControl;

    public EmbeddedScript(Assembly assembly, string resourceName, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} is not embedded in this build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        _content = copy.ToArray();
        _etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(_content))[..16]}\"";
        _cacheControl = $"public, max-age={(long)maxAge.TotalSeconds}";
    }

    public RouteHandlerBuilder Map(IEndpointRouteBuilder routes, string path) =>
        routes.MapGet(path, (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.ETag = _etag;
            headers.CacheControl = _cacheControl;
            headers.XContentTypeOptions = "nosniff";
            return context.Request.Headers.IfNoneMatch.Contains(_etag)
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(_content, "text/javascript; charset=utf-8");
        });
}
