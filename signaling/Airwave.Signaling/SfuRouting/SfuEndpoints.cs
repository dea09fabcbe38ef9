using System.Globalization;
using System.Threading.RateLimiting;
using Airwave.Hosting.WebRtc;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.SfuRouting;

/// <summary>
/// WHIP (RFC 9725) and WHEP for WebRtc LiveStreams on the public port, passed to the stream's SFU pod: a publisher
/// POSTs its SDP offer to /whip/v1/{namespace}/{stream} with the stream's bearer token (its ingest Secret's); a
/// viewer POSTs its offer to /whep/v1/{namespace}/{stream}. Each gets the pod's answer and its session's URL, to PATCH
/// (trickle ICE, ICE restarts) and DELETE when done, and the service's ICE servers as Link headers. Any page may
/// publish or watch from any origin (<see cref="WhipCors"/>).
/// </summary>
public static class SfuEndpoints
{
    /// <summary>The rate limit of new sessions per client address (<see cref="SfuRouteSettings.NewSessionsPerAddressPerMinute"/>).</summary>
    public const string NewSessionLimit = "sfu-new-sessions";

    /// <summary>
    /// A token bucket per client address (the connection's, or the one a trusted proxy forwarded): a flood from one
    /// address cannot fill the streams' pods with sessions. A refusal is 429 with Retry-After, as problem+json.
    /// </summary>
    public static IServiceCollection AddSfuSessionLimit(this IServiceCollection services, int perMinute) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(NewSessionLimit, context => RateLimitPartition.GetTokenBucketLimiter(
                AddressSlots.KeyOf(context.Connection.RemoteIpAddress),
                _ => new TokenBucketRateLimiterOptions { TokenLimit = perMinute, TokensPerPeriod = perMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many new sessions",
                    detail: $"This address opened {perMinute} WHIP and WHEP sessions within a minute; try again after Retry-After seconds.").ExecuteAsync(rejected.HttpContext));
            };
        });

    public static RouteGroupBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireWhipCors().ExcludeFromDescription();
        foreach (var protocol in new[] { "whip", "whep" })
        {
            group.MapPost($"/{protocol}/v1/{{namespace}}/{{stream}}", (string @namespace, string stream, HttpRequest request, SfuProxy proxy, CancellationToken cancellationToken) =>
                proxy.OpenAsync(protocol, @namespace, stream, request, cancellationToken)).RequireRateLimiting(NewSessionLimit);
            foreach (var method in new[] { HttpMethod.Delete, HttpMethod.Patch })
            {
                group.MapMethods($"/{protocol}/v1/{{namespace}}/{{stream}}/sessions/{{session}}", [method.Method], (string @namespace, string stream, string session, HttpRequest request, SfuProxy proxy, CancellationToken cancellationToken) =>
                    proxy.SessionAsync(method, protocol, @namespace, stream, session, request, cancellationToken));
            }
        }

        return group;
    }
}
