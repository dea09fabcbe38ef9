using Airwave.Hosting;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Webhook.Player;

/// <summary>
/// GET /v1/player/player.js, Airwave's player, and GET /v1/player/hls.min.js, the hls.js release it plays with
/// (pinned in Player/package.json and shipped in this build), on the public port: a page needs nothing else.
/// </summary>
public static class PlayerEndpoints
{
    public const string PathPrefix = "/v1/player";

    private static readonly EmbeddedScript Player = new(typeof(PlayerEndpoints).Assembly, "player.js", TimeSpan.FromMinutes(5));

    // A release's file never changes under its name in this build; an hour of caching spares every page view a download.
    private static readonly EmbeddedScript Hls = new(typeof(PlayerEndpoints).Assembly, "hls.min.js", TimeSpan.FromHours(1));

    public static void Map(IEndpointRouteBuilder routes, int port)
    {
        Player.Map(routes, PathPrefix + "/player.js").RequireLocalPort(port);
        Hls.Map(routes, PathPrefix + "/hls.min.js").RequireLocalPort(port);
    }
}
