using System.Text.Json;
using Airwave.Events.Views;
using Airwave.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Webhook.Views;

/// <summary>
/// Players report views here, on the public port, from any page (CORS): <c>POST /v1/views</c> opens one,
/// <c>POST /v1/views/{id}/events</c> takes its events, <c>POST /v1/views/{id}/cmcd</c> its Common Media Client Data.
/// The view's id, random and known only to its player, is what lets a beacon in. Every refusal is a problem+json body.
/// </summary>
public static class ViewEndpoints
{
    public const string Path = "/v1/views";
    public const string CorsPolicy = "views";

    /// <summary>What may come before a body's first token: JSON whitespace, and a UTF-8 byte order mark.</summary>
    private static readonly byte[] Leading = [(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n', 0xEF, 0xBB, 0xBF];

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path);
        group.RequireCors(CorsPolicy);
        group.MapPost("", OpenAsync);
        group.MapPost("/{id}/events", EventsAsync);
        group.MapPost("/{id}/cmcd", CmcdAsync);
        return group;
    }

    private static async Task<IResult> OpenAsync(HttpContext context, ViewSettings settings, ViewOpenLimiter limiter, ViewTargets targets, ViewRegistry views, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var address = context.Connection.RemoteIpAddress;
        if (!limiter.TryAcquire(address?.ToString() ?? ""))
        {
            context.Response.Headers.RetryAfter = "60";
            return Problem(StatusCodes.Status429TooManyRequests, "Too many views", $"This address opened more than {limiter.PerMinute} views in a minute; retry later.");
        }

        using var body = await BoundedBody.ReadAsync(request, settings.MaxBeaconBytes, cancellationToken);
        if (body is null)
        {
            return BoundedBody.TooLarge("A view request", settings.MaxBeaconBytes);
        }

        OpenViewRequest? asked;
        try
        {
            asked = JsonSerializer.Deserialize(body.Memory.Span, ViewJson.Default.OpenViewRequest);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed request", $"The body is not a view request: {e.Message}");
        }

        if (asked is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed request", "The body is not a view request.");
        }

        if (asked.SessionId is { Length: > 64 })
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed request", "sessionId is longer than 64 characters.");
        }

        var (target, problem) = await targets.ResolveAsync(asked, request.Headers.Origin.ToString(), cancellationToken);
        if (target is null)
        {
            return problem!;
        }

        var userAgent = ViewerAgent.Of(request.Headers.UserAgent);
        var view = await views.OpenAsync(target, asked.SessionId, userAgent, ViewerAddress.Of(address, settings.TruncateAddresses), cancellationToken);
        if (view is null)
        {
            context.Response.Headers.RetryAfter = "30";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Too many open views", $"This replica holds {settings.MaxOpenViews} open views (Webhook:Views:MaxOpenViews); retry later.");
        }

        var location = $"{Path}/{view.Id}";
        return Results.Created(location, new OpenViewAnswer(view.Id, view.SessionId, settings.HeartbeatInterval.TotalSeconds, settings.IdleTimeout.TotalSeconds, location + "/events", location + "/cmcd"));
    }

    private static async Task<IResult> EventsAsync(string id, HttpContext context, ViewSettings settings, ViewRegistry views, TimeProvider time, CancellationToken cancellationToken)
    {
        var (admitted, refused) = await AdmitAsync(id, context, settings, views, time, cancellationToken);
        using var beacon = admitted;
        if (beacon is null)
        {
            return refused!;
        }

        List<BeaconEvent>? events;
        try
        {
            // Parsed once, straight into events: every beacon passes here.
            var body = beacon.Body.Memory.Span;
            events = body.TrimStart(Leading) is [(byte)'[', ..]
                ? JsonSerializer.Deserialize(body, ViewJson.Default.ListBeaconEvent)
                : [JsonSerializer.Deserialize(body, ViewJson.Default.BeaconEvent)!];
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed beacon", $"The body is not a view event or an array of them: {e.Message}");
        }

        if (BeaconEvents.Problem(events ?? [], settings.MaxEventsPerBeacon) is { } problem)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed beacon", problem);
        }

        if (beacon.View.Apply(events!, time.GetUtcNow()))
        {
            await views.EndAsync(beacon.View, ViewRegistry.EndedByPlayer, cancellationToken);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> CmcdAsync(string id, HttpContext context, ViewSettings settings, ViewRegistry views, TimeProvider time, CancellationToken cancellationToken)
    {
        var (admitted, refused) = await AdmitAsync(id, context, settings, views, time, cancellationToken);
        using var beacon = admitted;
        if (beacon is null)
        {
            return refused!;
        }

        var keys = new Dictionary<string, object>(StringComparer.Ordinal);
        if (CmcdReports.Read(context.Request, beacon.Body.Memory, keys) is { } problem)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed CMCD", problem);
        }

        if (keys.Count == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed CMCD", "No CMCD keys: send them in a CMCD query argument, in CMCD-* headers, or as a JSON object.");
        }

        if (keys.TryGetValue("sid", out var sid) && !Equals(sid, beacon.View.SessionId) && !Equals(sid, beacon.View.Id))
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed CMCD", "sid is neither this view's id nor its session id.");
        }

        beacon.View.ApplyCmcd(Cmcd.Plain(keys), time.GetUtcNow());
        return Results.NoContent();
    }

    /// <summary>The open view with its beacon's body, or the refusal: unknown view, too many beacons, too large.</summary>
    private static async Task<(Beacon? Beacon, IResult? Refused)> AdmitAsync(string id, HttpContext context, ViewSettings settings, ViewRegistry views, TimeProvider time, CancellationToken cancellationToken)
    {
        if (views.Find(id) is not { } view)
        {
            return (null, Problem(StatusCodes.Status404NotFound, "No such view", "There is no open view with this id here: it ended (its heartbeats stopped for longer than the idle timeout) or was never opened. Open a new one."));
        }

        if (!view.TryAdmitBeacon(time.GetUtcNow(), settings.BeaconsPerViewPerSecond))
        {
            context.Response.Headers.RetryAfter = "1";
            return (null, Problem(StatusCodes.Status429TooManyRequests, "Too many beacons", $"A view may send {settings.BeaconsPerViewPerSecond} beacons a second; batch its events."));
        }

        var body = await BoundedBody.ReadAsync(context.Request, settings.MaxBeaconBytes, cancellationToken);
        return body is null ? (null, BoundedBody.TooLarge("A beacon", settings.MaxBeaconBytes)) : (new Beacon(view, body), null);
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    private sealed record Beacon(View View, RequestBody Body) : IDisposable
    {
        public void Dispose() => Body.Dispose();
    }
}
