using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sfu.Relay;

/// <summary>
/// Between a stream's pods, on the API port, with the room admin key (which the stream's pods share) as bearer token:
/// POST /relay with the publisher's streams ({"streams": [...]}) makes this pod take the publisher relayed from the
/// caller, or renews it, and answers the UDP ports to send its media to and to take its RTCP feedback from
/// ({"port": n, "rtcpPort": m}); 409 when this pod has the
/// publisher itself. DELETE /relay removes the publisher the caller relayed.
/// </summary>
public static class RelayEndpoints
{
    public static IEndpointConventionBuilder MapRelay(this IEndpointRouteBuilder app, string? roomAdminKey)
    {
        var key = new BearerKey("Relaying is off", "room admin key", roomAdminKey);
        var group = app.MapGroup("/relay");
        group.MapPost("", async (HttpContext context, RemotePublisher remote, CancellationToken cancellationToken) =>
        {
            if (key.Refusal(context.Request) is { } refused)
            {
                return refused;
            }

            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
            }
            catch (System.Text.Json.JsonException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not JSON", detail: e.Message);
            }

            if (body?["streams"] is not JsonArray { Count: > 0 } streams)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No streams", detail: "Send the publisher's streams as {\"streams\": [...]}.");
            }

            try
            {
                return await remote.RelayAsync(Source(context), streams, cancellationToken) is { } ports
                    ? Results.Json(new JsonObject { ["port"] = ports.Port, ["rtcpPort"] = ports.RtcpPort }, NodeJson.Default.JsonObject)
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The publisher is here", detail: "This pod has the stream's publisher itself.");
            }
            catch (JanusException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The media engine refused the relay", detail: e.Message);
            }
        });
        group.MapDelete("", async (HttpContext context, RemotePublisher remote, CancellationToken cancellationToken) =>
            key.Refusal(context.Request) ?? (await remote.RemoveAsync(Source(context), cancellationToken)
                ? Results.Ok()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nothing relayed", detail: "No publisher relayed from your pod is here.")));
        return group;
    }

    private static IPAddress Source(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
