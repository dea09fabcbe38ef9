using Airwave.Sfu.Configuration;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Trickle;
using Airwave.Sfu.Turn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sfu.Whip;

/// <summary>
/// WHIP (RFC 9725) on the pod's API port: POST /whip with an SDP offer and the publish key (or the broadcast key,
/// <see cref="SfuSettings.BroadcastKeyVariable"/>) as bearer token answers 201
/// with the engine's SDP answer (with all its candidates), the session's URL in Location, its ICE session's entity
/// tag and the pod's TURN server in Link (<see cref="TurnLinks"/>); PATCH on that URL trickles the publisher's later
/// candidates or restarts ICE (<see cref="TricklePatch"/>); DELETE ends it. GET /whip is the pod's status (<see cref="Hosting.PodStatusEndpoint"/>).
/// </summary>
public static class WhipEndpoints
{
    public static IEndpointConventionBuilder MapWhip(this IEndpointRouteBuilder app, string? publishKey, string? broadcastKey)
    {
        var key = new BearerKey("Publishing is off", "publish key", publishKey, broadcastKey);
        var group = app.MapGroup("/whip");
        group.MapPost("", async (HttpRequest request, WhipPublishing publishing, TurnLinks turn, CancellationToken cancellationToken) =>
        {
            if (key.Refusal(request) is { } refused)
            {
                return refused;
            }

            var (offer, problem) = await SdpResults.ReadAsync(request, "offer", cancellationToken);
            return problem ?? SdpResults.From(await publishing.PublishAsync(offer!, cancellationToken), "/whip", turn);
        });
        group.MapPatch("/{session}", async (string session, HttpRequest request, EngineSessions sessions, WhipPublishing publishing, CancellationToken cancellationToken) =>
            key.Refusal(request) ?? await TricklePatch.PatchAsync(session, request, sessions, publishing.RestartAsync, "/whip", cancellationToken));
        group.MapDelete("/{session}", async (string session, HttpRequest request, EngineSessions sessions) =>
            key.Refusal(request) ?? (await sessions.EndAsync(session)
                ? Results.Ok()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session", detail: "The WHIP session has ended, or never was.")));
        return group;
    }
}
