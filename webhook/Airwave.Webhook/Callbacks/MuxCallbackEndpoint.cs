using Airwave.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Airwave.Webhook.Callbacks;

/// <summary>
/// `POST /callbacks/mux` (or the path <see cref="Configuration.WebhookSettings.MuxCallbackPath"/> says): a verified, new event about an upload or asset Airwave made has its VideoAsset reconciled
/// at once. A bad signature, a stale timestamp or a body that is not an event: 400 with a problem+json body, and
/// nothing changed. More verified callbacks a second than allowed: 429 with Retry-After. An event of another type, or about an asset Airwave did not make: 200, ignored. Without a signing
/// secret (a service run for admission alone): 503, saying so.
/// </summary>
public static partial class MuxCallbackEndpoint
{
    public const string DefaultPath = "/callbacks/mux";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints, string path, int maxBodyBytes) =>
        endpoints.MapPost(path, async (HttpRequest request, MuxSignature signature, CallbackLimiter limiter, RecentEventIds recent, VideoAssetTrigger trigger, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            var logger = loggers.CreateLogger(typeof(MuxCallbackEndpoint));
            if (!signature.IsConfigured)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Mux callbacks are not configured", detail: $"This installation has no Mux webhook signing secret ({Configuration.WebhookSettings.SecretVariable}), so it cannot verify callbacks.");
            }

            using var body = await BoundedBody.ReadAsync(request, maxBodyBytes, cancellationToken);
            if (body is null)
            {
                return BoundedBody.TooLarge("Callback", maxBodyBytes);
            }

            var outcome = signature.Check(request.Headers[MuxSignature.HeaderName], body.Memory.Span);
            if (outcome != MuxSignature.Outcome.Valid)
            {
                LogRefused(logger, outcome);
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid signature", detail: MuxSignature.Describe(outcome));
            }

            if (!limiter.TryAcquire())
            {
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many callbacks", detail: $"More than {limiter.PerSecond} callbacks a second; retry later.");
            }

            var (callback, problem) = MuxCallback.Parse(body.Memory);
            if (callback is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a Mux event", detail: problem);
            }

            if (recent.Contains(callback.Id) || !callback.IsAboutVideoAssets)
            {
                return Results.Ok();
            }

            if (callback.Passthrough is { } uid && trigger.Find(uid) is { } asset && await trigger.TriggerAsync(asset, callback, cancellationToken))
            {
                LogTriggered(logger, callback.Type, callback.Id, asset.Metadata.Namespace, asset.Metadata.Name);
            }

            recent.Add(callback.Id);
            return Results.Ok();
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Mux callback: {Outcome}")]
    private static partial void LogRefused(ILogger logger, MuxSignature.Outcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mux event {Type} {Id}: VideoAsset {Namespace}/{Name} is reconciled now")]
    private static partial void LogTriggered(ILogger logger, string type, string id, string? @namespace, string? name);
}
