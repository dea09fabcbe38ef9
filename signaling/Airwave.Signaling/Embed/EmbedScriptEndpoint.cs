using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Signaling.Embed;

/// <summary>
/// GET /embed.js: the script a site adds with one tag. It is served from here, never copied into the site, so every
/// site runs the version that speaks this service's protocol; a short cache lifetime and an ETag let an update reach
/// pages within minutes without downloading it again on every page view.
/// </summary>
public static class EmbedScriptEndpoint
{
    public const string Path = "/embed.js";

    private static readonly byte[] Script = Load();
    private static readonly string ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Script))[..16]}\"";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(Path, (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.ETag = ETag;
            headers.CacheControl = "public, max-age=300";
            if (context.Request.Headers.IfNoneMatch.Contains(ETag))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return Results.Bytes(Script, "text/javascript; charset=utf-8");
        })
        .WithTags("Embed")
        .WithSummary("The embeddable script: <script src=\".../embed.js\" data-site=\"<site id>\" async></script>.");

    private static byte[] Load()
    {
        using var stream = typeof(EmbedScriptEndpoint).Assembly.GetManifestResourceStream("embed.js")
            ?? throw new InvalidOperationException("embed.js is not embedded in this build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
