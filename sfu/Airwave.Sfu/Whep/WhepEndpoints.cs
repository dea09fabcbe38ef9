using Airwave.Hosting.Tokens;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Trickle;
using Airwave.Sfu.Turn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sfu.Whep;

/// <summary>
/// WHEP on the pod's API port: POST /whep with the viewer's SDP offer answers 201 with the SDP answer, the session's
/// URL in Location, its ICE session's entity tag and the pod's TURN server in Link (<see cref="TurnLinks"/>); PATCH
/// on that URL trickles the viewer's later candidates or restarts ICE (<see cref="TricklePatch"/>); DELETE ends the
/// session. A POST without a body gets the engine's offer instead, which the viewer answers by PATCHing its SDP
/// answer (application/sdp) to the session's URL (204): clients that keep their own payload types when they offer
/// (Firefox) watch that way. With the stream's broadcast key (<see cref="SfuSettings.BroadcastKeyVariable"/>),
/// a new session takes it as bearer token: only the signaling service, which checks each viewer's grant, opens one.
/// A pod of a private stream (<see cref="SfuSettings.PrivateViewing"/>) opens a session only when the service says the
/// viewer's grant or token was taken (<see cref="ViewerGrantHeader"/>), and none at all without the broadcast key.
/// </summary>
public static class WhepEndpoints
{
    public static IEndpointConventionBuilder MapWhep(this IEndpointRouteBuilder app, string? broadcastKey, bool privateViewing)
    {
        var key = broadcastKey is { Length: > 0 } ? new BearerKey("Viewing is off", "broadcast key", broadcastKey) : null;
        var group = app.MapGroup("/whep");
        group.MapPost("", async (HttpRequest request, WhepViewing viewing, TurnLinks turn, CancellationToken cancellationToken) =>
        {
            if ((privateViewing ? PrivateRefusal(request, key) : key?.Refusal(request)) is { } refused)
            {
                return refused;
            }

            // No body: the viewer takes the engine's offer and PATCHes its answer.
            if (request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0)
            {
                return SdpResults.From(await viewing.OfferAsync(cancellationToken), "/whep", turn);
            }

            var (offer, problem) = await SdpResults.ReadAsync(request, "offer", cancellationToken);
            return problem ?? SdpResults.From(await viewing.ViewAsync(offer!, cancellationToken), "/whep", turn);
        });
        group.MapPatch("/{session}", async (string session, HttpRequest request, EngineSessions sessions, WhepViewing viewing, CancellationToken cancellationToken) =>
        {
            if (!request.ContentType.AsSpan().StartsWith(SdpResults.SdpType, StringComparison.OrdinalIgnoreCase))
            {
                return await TricklePatch.PatchAsync(session, request, sessions, viewing.RestartAsync, "/whep", cancellationToken);
            }

            var (answer, problem) = await SdpResults.ReadAsync(request, "answer", cancellationToken);
            return problem ?? SdpResults.From(await viewing.AnswerAsync(session, answer!, cancellationToken), "/whep");
        });
        group.MapDelete("/{session}", async (string session, EngineSessions sessions) => await sessions.EndAsync(session)
            ? Results.Ok()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session", detail: "The WHEP session has ended, or never was."));
        return group;
    }

    /// <summary>Null when a viewer of a private stream may open a session: the service's key, and the viewer's grant taken.</summary>
    private static IResult? PrivateRefusal(HttpRequest request, BearerKey? key)
    {
        if (key is null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Viewing is off",
                detail: "The stream is private and this SFU pod has no broadcast key to check its viewers with: the operator needs its SFU broadcast key (the chart's sfu.broadcastKeySecret).");
        }

        if (key.Refusal(request) is { } refused)
        {
            return refused;
        }

        return request.Headers[ViewerGrantHeader.Name] == ViewerGrantHeader.Taken
            ? null
            : Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The stream is private",
                detail: "Each viewer of this stream needs a viewer token (the webhook service's POST /v1/playback-tokens, kind LiveStream) as the WHEP bearer token.");
    }
}
