using Airwave.Sfu.Configuration;
using Airwave.Sfu.Drain;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Relay;
using Airwave.Sfu.Whep;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sfu.Whip;

/// <summary>
/// WHIP (RFC 9725) on the pod's API port: POST /whip with an SDP offer and the publish key (or the broadcast key,
/// <see cref="SfuSettings.BroadcastKeyVariable"/>) as bearer token answers 201
/// with the engine's SDP answer and the session's URL in Location; DELETE on that URL ends it. The engine's answer
/// carries all its candidates, so there is no trickle: PATCH is 405, as the RFC has it for a server without trickle.
/// GET /whip says whether the stream's publisher is here, or relayed here from another pod, how many viewers the pod
/// has and whether it drains, so that the signaling service sends the publisher here, and viewers to the pod with the
/// fewest that does not drain.
/// </summary>
public static class WhipEndpoints
{
    public static IEndpointConventionBuilder MapWhip(this IEndpointRouteBuilder app, string? publishKey, string? broadcastKey)
    {
        var key = new BearerKey("Publishing is off", "publish key", publishKey, broadcastKey);
        var group = app.MapGroup("/whip");
        group.MapPost("", async (HttpRequest request, WhipPublishing publishing, CancellationToken cancellationToken) =>
        {
            if (key.Refusal(request) is { } refused)
            {
                return refused;
            }

            var (offer, problem) = await SdpResults.ReadAsync(request, "offer", cancellationToken);
            return problem ?? SdpResults.From(await publishing.PublishAsync(offer!, cancellationToken), "/whip");
        });
        group.MapGet("", (WhipPublishing publishing, RemotePublisher relayed, WhepViewing viewing, PodDrain drain) =>
            Results.Json(new { publishing = publishing.IsPublishing, relayed = relayed.IsPresent, viewers = viewing.Viewers, draining = drain.IsDraining }));
        group.MapDelete("/{session}", async (string session, HttpRequest request, EngineSessions sessions) =>
            key.Refusal(request) ?? (await sessions.EndAsync(session)
                ? Results.Ok()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session", detail: "The WHIP session has ended, or never was.")));
        return group;
    }
}
