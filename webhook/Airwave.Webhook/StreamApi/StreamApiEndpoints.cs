using System.Text;
using Airwave.Api.Common;
using Airwave.Hosting;
using Airwave.Webhook.PlaybackTokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using k8s.Models;

namespace Airwave.Webhook.StreamApi;

/// <summary>
/// django-broadcast's calls for app backends: <c>POST /stream/start/?type=hls&amp;name=...</c> and
/// <c>POST /stream/stop/?id=...</c>, their parameters in the query or a form body as django-broadcast read them. The
/// caller sends a Kubernetes bearer token minted for this service's audience and may create LiveStreams (to start)
/// or patch the stream (to stop) in the namespace it names (<c>namespace</c>), by default its service account's.
/// Every refusal is a problem+json body.
/// </summary>
public static class StreamApiEndpoints
{
    public const string StartPath = "/stream/start";
    public const string StopPath = "/stream/stop";

    public static IEnumerable<RouteHandlerBuilder> Map(IEndpointRouteBuilder endpoints, int maxBodyBytes)
    {
        yield return endpoints.MapPost(StartPath, async (HttpRequest request, CallerReview callers, StreamApiLimiter limiter, UploadStreams streams, CancellationToken cancellationToken) =>
        {
            // A start's answer carries credentials: no cache keeps either.
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            var (call, refusal) = await CallAsync(request, callers, limiter, maxBodyBytes, cancellationToken);
            if (call is null)
            {
                return refusal!;
            }

            var type = call.Parameter("type");
            if (type != "hls")
            {
                return Problem(StatusCodes.Status400BadRequest, "Unsupported type", $"type is {(type is null ? "missing" : $"\"{type}\"")}; streams start with type=hls: the app uploads HLS to S3.");
            }

            var name = call.Parameter("name");
            if (name is { Length: > 255 })
            {
                return Problem(StatusCodes.Status400BadRequest, "Name too long", "name has more than 255 characters.");
            }

            return await call.MayAsync(callers, "create", id: null, cancellationToken)
                ?? await streams.StartAsync(call.Namespace, string.IsNullOrEmpty(name) ? null : name, cancellationToken);
        });

        yield return endpoints.MapPost(StopPath, async (HttpRequest request, CallerReview callers, StreamApiLimiter limiter, UploadStreams streams, CancellationToken cancellationToken) =>
        {
            // A start's answer carries credentials: no cache keeps either.
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            var (call, refusal) = await CallAsync(request, callers, limiter, maxBodyBytes, cancellationToken);
            if (call is null)
            {
                return refusal!;
            }

            if (call.Parameter("id") is not { Length: > 0 } id)
            {
                return Problem(StatusCodes.Status400BadRequest, "No id", "Give the id /stream/start answered: /stream/stop/?id=...");
            }

            return await call.MayAsync(callers, "patch", id, cancellationToken)
                ?? await streams.StopAsync(call.Namespace, id, cancellationToken);
        });
    }

    /// <summary>A call: who makes it, in which namespace, with which parameters; or why it is refused.</summary>
    private sealed record Call(V1UserInfo Caller, string Namespace, HttpRequest Request, Dictionary<string, StringValues> Form)
    {
        public string? Parameter(string key) => StreamApiEndpoints.Parameter(Request, Form, key);

        /// <summary>Null when the caller may <paramref name="verb"/> LiveStreams (<paramref name="id"/>) in the namespace, else the refusal.</summary>
        public async Task<IResult?> MayAsync(CallerReview callers, string verb, string? id, CancellationToken cancellationToken) =>
            await callers.MayAsync(Caller, verb, ApiGroup.Name, "livestreams", Namespace, id, cancellationToken)
                ? null
                : Problem(StatusCodes.Status403Forbidden, "Forbidden", $"{Caller.Username} may not {verb} {(id is null ? "livestreams" : $"livestreams/{id}")} in namespace {Namespace}.");
    }

    private static async Task<(Call? Call, IResult? Refusal)> CallAsync(HttpRequest request, CallerReview callers, StreamApiLimiter limiter, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (CallerReview.BearerToken(request) is not { } token)
        {
            return (null, Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "Send a Kubernetes bearer token (a service account's, minted for this service's audience) in the Authorization header."));
        }

        var caller = await callers.AuthenticateAsync(token, cancellationToken);
        if (caller is null)
        {
            return (null, Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The Kubernetes API server does not accept the bearer token for this service: mint it with this service's audience (kubectl create token <account> --audience=<webhook.playbackTokenAudience>)."));
        }

        if (!limiter.TryAcquire(caller.Username))
        {
            request.HttpContext.Response.Headers.RetryAfter = "60";
            return (null, Problem(StatusCodes.Status429TooManyRequests, "Too many calls", $"{caller.Username} made more than {limiter.Permits} calls a minute; retry later."));
        }

        var form = await ParametersAsync(request, maxBodyBytes, cancellationToken);
        if (form is null)
        {
            return (null, BoundedBody.TooLarge("Request", maxBodyBytes));
        }

        return (Parameter(request, form, "namespace") ?? ServiceAccountNamespace(caller.Username)) is { } ns
            ? (new Call(caller, ns, request, form), null)
            : (null, Problem(StatusCodes.Status400BadRequest, "No namespace", $"{caller.Username} is not a service account: name the namespace the stream is in (namespace=...)."));
    }

    /// <summary>A parameter from the query, else from the form body.</summary>
    private static string? Parameter(HttpRequest request, Dictionary<string, StringValues> form, string key) =>
        request.Query.TryGetValue(key, out var fromQuery) ? fromQuery.ToString() : form.TryGetValue(key, out var fromForm) ? fromForm.ToString() : null;

    /// <summary>A form body's parameters (none without one); null when it is larger than allowed.</summary>
    private static async Task<Dictionary<string, StringValues>?> ParametersAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return [];
        }

        var body = await BoundedBody.ReadAsync(request, maxBodyBytes, cancellationToken);
        return body is null ? null : QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Value.Span));
    }

    /// <summary>The namespace of a service account's user name (system:serviceaccount:NAMESPACE:NAME).</summary>
    private static string? ServiceAccountNamespace(string username) =>
        username.Split(':') is ["system", "serviceaccount", { Length: > 0 } ns, { Length: > 0 }] ? ns : null;

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
