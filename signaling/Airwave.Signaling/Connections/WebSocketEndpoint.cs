using Airwave.Events.Views;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Limits;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Signaling.Connections;

/// <summary>
/// GET /ws/v1?site={id}: the WebSocket pages talk protocol version 1 over. The upgrade is refused (403) unless the
/// page's Origin is one the site allows, so another website cannot open the socket from its visitors' browsers.
/// </summary>
public static partial class WebSocketEndpoint
{
    public const string Path = "/ws/v1";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(Path, ConnectAsync)
            .WithTags("WebSocket")
            .WithSummary("Opens the signaling WebSocket for a page of the site (protocol version 1, see PROTOCOL.md).");

    private static async Task<IResult> ConnectAsync(HttpContext context, string? site, SiteStore sites, FrameHandler handler, SessionSettings settings, AddressSlots addresses, SignalingMetrics metrics, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a WebSocket request", detail: $"{Path} is opened as a WebSocket (protocol version 1).");
        }

        if (string.IsNullOrEmpty(site) || await sites.GetAsync(site, context.RequestAborted) is not { } found)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such site", detail: $"There is no site \"{site}\": the script tag's data-site names it.");
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!found.Allows(origin))
        {
            LogForeignOrigin(loggers.CreateLogger(typeof(WebSocketEndpoint)), found.Id, origin);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed", detail: $"Pages from \"{origin}\" may not use site {found.Id}; its allowed origins are set by the site's administrator.");
        }

        using var slot = addresses.TryTake(context.Connection.RemoteIpAddress);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "10";
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many connections", detail: $"Your address already holds {addresses.PerAddress} signaling connections, the most one address may; close some pages and try again.");
        }

        using var socket = await AcceptCountedAsync(context, metrics);
        using var connection = new Connection(socket, found, new ConnectionLimits(settings.MaxMessageBytes, settings.MessagesPerSecond, settings.MessageBurst), metrics)
        {
            UserAgent = ViewerAgent.Of(context.Request.Headers.UserAgent),
            Address = context.Connection.RemoteIpAddress,
        };
        var logger = loggers.CreateLogger<Connection>();
        LogOpened(logger, connection.Id, found.Id);

        // A replica being stopped (a rolling update, a scale-down) tells its pages to connect again, which brings them
        // to another replica, rather than holding the shutdown until they leave.
        using var goAway = lifetime.ApplicationStopping.Register(() => connection.Close(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "the service is restarting: connect again"));
        connection.RequireHelloWithin(settings.HelloTimeout);
        try
        {
            await connection.RunAsync(async (c, message) =>
            {
                metrics.FrameReceived(message.Type);
                try
                {
                    await handler.HandleAsync(c, message);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException)
                {
                    // The page hears that this frame failed; the connection and the service go on.
                    LogFrameFailed(logger, c.Id, message.Type, e);
                    c.Send(Protocol.ServerMessage.Error(Protocol.ErrorCodes.Internal, "the service could not handle this frame; send it again", message.Id));
                }
            }, context.RequestAborted);
        }
        finally
        {
            metrics.ConnectionClosed(connection.Role);
            await handler.ClosedAsync(connection);
            LogClosed(logger, connection.Id, connection.Role);
        }

        return Results.Empty;
    }

    /// <summary>The page's WebSocket, counted before the handshake is answered, so a page that sees its socket open also finds it counted.</summary>
    private static async Task<System.Net.WebSockets.WebSocket> AcceptCountedAsync(HttpContext context, SignalingMetrics metrics)
    {
        metrics.ConnectionOpened();
        try
        {
            return await context.WebSockets.AcceptWebSocketAsync();
        }
        catch
        {
            metrics.ConnectionClosed(null);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a WebSocket for site {Site} from origin {Origin}")]
    private static partial void LogForeignOrigin(ILogger logger, string site, string origin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection} opened for site {Site}")]
    private static partial void LogOpened(ILogger logger, string connection, string site);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection} (role {Role}) closed")]
    private static partial void LogClosed(ILogger logger, string connection, PeerRole? role);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection {Connection}: a {Type} frame failed")]
    private static partial void LogFrameFailed(ILogger logger, string connection, string type, Exception exception);
}
