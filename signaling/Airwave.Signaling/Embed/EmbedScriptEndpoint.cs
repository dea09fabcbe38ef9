using Airwave.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Signaling.Embed;

/// <summary>GET /embed.js: the script a site adds with one tag.</summary>
public static class EmbedScriptEndpoint
{
    public const string Path = "/embed.js";

    private static readonly EmbeddedScript Script = new(typeof(EmbedScriptEndpoint).Assembly, "embed.js", TimeSpan.FromMinutes(5));

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        Script.Map(routes, Path)
            .WithTags("Embed")
            .WithSummary("The embeddable script: <script src=\".../embed.js\" data-site=\"<site id>\" async></script>.");
}
