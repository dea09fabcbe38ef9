using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.Whip;

/// <summary>
/// WHIP (RFC 9725) for WebRtc LiveStreams on the public port: a publisher POSTs its SDP offer to
/// /whip/v1/{namespace}/{stream} with the stream's bearer token (its ingest Secret's) and gets the answer of the
/// stream's SFU pod, and the session's URL, to DELETE when done. Any page may publish from any origin: the bearer
/// token, not a cookie, is what lets it in.
/// </summary>
public static class WhipEndpoints
{
    public const string CorsPolicy = "whip";

    public static IServiceCollection AddWhipCors(this IServiceCollection services) =>
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("POST", "DELETE", "PATCH")
            .WithHeaders("Authorization", "Content-Type", "If-Match")
            .WithExposedHeaders("Location", "ETag", "Link")));

    public static RouteGroupBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/whip/v1/{namespace}/{stream}").RequireCors(CorsPolicy).ExcludeFromDescription();
        group.MapPost("", (string @namespace, string stream, HttpRequest request, WhipProxy proxy, CancellationToken cancellationToken) =>
            proxy.PublishAsync(@namespace, stream, request, cancellationToken));
        group.MapDelete("/sessions/{session}", (string @namespace, string stream, string session, HttpRequest request, WhipProxy proxy, CancellationToken cancellationToken) =>
            proxy.SessionAsync(HttpMethod.Delete, @namespace, stream, session, request, cancellationToken));
        group.MapPatch("/sessions/{session}", (string @namespace, string stream, string session, HttpRequest request, WhipProxy proxy, CancellationToken cancellationToken) =>
            proxy.SessionAsync(HttpMethod.Patch, @namespace, stream, session, request, cancellationToken));
        return group;
    }
}
