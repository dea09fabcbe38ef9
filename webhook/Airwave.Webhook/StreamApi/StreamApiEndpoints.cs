using System.Text;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
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
/// caller sends its namespace's API key (<see cref="StreamApiKeys"/>), or a Kubernetes bearer token minted for this
/// service's audience whose user may create LiveStreams (to start) or patch the stream (to stop) in the namespace it
/// names (<c>namespace</c>), by default its service account's.
/// Every refusal is a problem+json body.
/// </summary>
public static class StreamApiEndpoints
{
    public const string StartPath = "/stream/start";
    public const string StopPath = "/stream/stop";

    public static IEnumerable<RouteHandlerBuilder> Map(IEndpointRouteBuilder endpoints, int maxBodyBytes)
    {
        yield return endpoints.MapPost(StartPath, async (HttpRequest request, CallerReview callers, StreamApiKeys keys, StreamApiLimiter limiter, UploadStreams streams, CancellationToken cancellationToken) =>
        {
            // A start's answer carries credentials: no cache keeps it.
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            var (call, refusal) = await CallAsync(request, callers, keys, limiter, maxBodyBytes, cancellationToken);
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

        yield return endpoints.MapPost(StopPath, async (HttpRequest request, CallerReview callers, StreamApiKeys keys, StreamApiLimiter limiter, UploadStreams streams, CancellationToken cancellationToken) =>
        {
            // Answers about a caller's streams are the caller's alone: no shared cache keeps them.
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            var (call, refusal) = await CallAsync(request, callers, keys, limiter, maxBodyBytes, cancellationToken);
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

    /// <summary>
    /// A call: who makes it (a Kubernetes user, or the holder of a namespace's API key), in which namespace, with which
    /// parameters.
    /// </summary>
    private sealed record Call(string Who, V1UserInfo? User, string Namespace, HttpRequest Request, Dictionary<string, StringValues> Form)
    {
        public string? Parameter(string key) => StreamApiEndpoints.Parameter(Request, Form, key);

        /// <summary>
        /// Null when the caller may <paramref name="verb"/> LiveStreams (<paramref name="id"/>) in the namespace, else
        /// the refusal. A namespace's API key starts and stops its streams.
        /// </summary>
        public async Task<IResult?> MayAsync(CallerReview callers, string verb, string? id, CancellationToken cancellationToken) =>
            User is null || await callers.MayAsync(User, verb, ApiGroup.Name, "livestreams", Namespace, id, cancellationToken)
                ? null
                : Problem(StatusCodes.Status403Forbidden, "Forbidden", $"{Who} may not {verb} {(id is null ? "livestreams" : $"livestreams/{id}")} in namespace {Namespace}.");
    }

    private static async Task<(Call? Call, IResult? Refusal)> CallAsync(HttpRequest request, CallerReview callers, StreamApiKeys keys, StreamApiLimiter limiter, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (CallerReview.BearerToken(request) is not { } token)
        {
            return (null, Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "Send your namespace's API key, or a Kubernetes bearer token (a service account's, minted for this service's audience), in the Authorization header."));
        }

        var (who, user, keyNamespace) = (string.Empty, (V1UserInfo?)null, (string?)null);
        if (StreamApiKeySecret.NamespaceOf(token) is not null)
        {
            keyNamespace = await keys.NamespaceOfAsync(token, cancellationToken);
            if (keyNamespace is null)
            {
                return (null, Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The API key is not one of this installation's: use the one in Secret airwave-stream-api-key-<namespace>, whose namespace the installation lists in webhook.streamApi.apiKeyNamespaces."));
            }

            who = $"the API key of namespace {keyNamespace}";
        }
        else
        {
            user = await callers.AuthenticateAsync(token, cancellationToken);
            if (user is null)
            {
                return (null, Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The Kubernetes API server does not accept the bearer token for this service: mint it with this service's audience (kubectl create token <account> --audience=<webhook.playbackTokenAudience>)."));
            }

            who = user.Username;
        }

        if (!limiter.TryAcquire(who))
        {
            request.HttpContext.Response.Headers.RetryAfter = "60";
            return (null, Problem(StatusCodes.Status429TooManyRequests, "Too many calls", $"{who} made more than {limiter.Permits} calls a minute; retry later."));
        }

        var form = await ParametersAsync(request, maxBodyBytes, cancellationToken);
        if (form is null)
        {
            return (null, BoundedBody.TooLarge("Request", maxBodyBytes));
        }

        var asked = Parameter(request, form, "namespace");
        if (keyNamespace is not null && asked is not null && asked != keyNamespace)
        {
            return (null, Problem(StatusCodes.Status403Forbidden, "Forbidden", $"{who} starts and stops streams of namespace {keyNamespace} only, not of {asked}."));
        }

        return (asked ?? keyNamespace ?? ServiceAccountNamespace(who)) is { } ns
            ? (new Call(who, user, ns, request, form), null)
            : (null, Problem(StatusCodes.Status400BadRequest, "No namespace", $"{who} is not a service account: name the namespace the stream is in (namespace=...)."));
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

        using var body = await BoundedBody.ReadAsync(request, maxBodyBytes, cancellationToken);
        return body is null ? null : QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Memory.Span));
    }

    /// <summary>The namespace of a service account's user name (system:serviceaccount:NAMESPACE:NAME).</summary>
    private static string? ServiceAccountNamespace(string username) =>
        username.Split(':') is ["system", "serviceaccount", { Length: > 0 } ns, { Length: > 0 }] ? ns : null;

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
