using Airwave.Kubernetes.Client;
using Airwave.Webhook.Limits;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>
/// Who a caller is and what it may do, asked of the Kubernetes API as any delegating service asks: a TokenReview of
/// its bearer token for this service's audience, then a SubjectAccessReview of the user it stands for, with all the
/// review said of it (groups, uid, extra: a bound pod's name, say).
/// </summary>
public sealed class CallerReview(KubernetesClient client, string audience)
{
    /// <summary>The user the token stands for, or null when the API server does not accept it for this audience.</summary>
    public async Task<V1UserInfo?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var review = await client.Api.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = [audience] } },
            cancellationToken: cancellationToken);
        return review.Status is { Authenticated: true, User.Username: { Length: > 0 } } status && status.Audiences?.Contains(audience, StringComparer.Ordinal) == true
            ? status.User
            : null;
    }

    /// <summary>
    /// The caller of a request, once its bearer token is accepted and it is within its share of <paramref name="limiter"/>;
    /// else the problem+json refusal to answer with (401, or 429 naming <paramref name="requests"/>, what it asked for too often).
    /// </summary>
    public async Task<(V1UserInfo? Caller, IResult? Refusal)> AdmitAsync(HttpRequest request, KeyedRateLimiter limiter, string requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limiter);
        if (BearerToken(request) is not { } token)
        {
            return (null, Refuse(StatusCodes.Status401Unauthorized, "Unauthorized", "Send your Kubernetes bearer token (a service account's) in the Authorization header."));
        }

        var caller = await AuthenticateAsync(token, cancellationToken);
        if (caller is null)
        {
            return (null, Refuse(StatusCodes.Status401Unauthorized, "Unauthorized", "The Kubernetes API server does not accept the bearer token for this service: mint it with this service's audience (kubectl create token <account> --audience=<webhook.playbackTokenAudience>)."));
        }

        if (!limiter.TryAcquire(caller.Username))
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return (null, Refuse(StatusCodes.Status429TooManyRequests, $"Too many {requests}", $"{caller.Username} made more than {limiter.Permits} {requests} a second; retry later."));
        }

        return (caller, null);
    }

    private static IResult Refuse(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>The bearer token of the request's Authorization header, or null when it has none.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization["Bearer ".Length..].Trim() is { Length: > 0 } token ? token : null;
    }

    /// <summary>Whether the caller may <paramref name="verb"/> the named object (any object of the resource when <paramref name="name"/> is null).</summary>
    public async Task<bool> MayAsync(V1UserInfo caller, string verb, string group, string resource, string @namespace, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var review = await client.Api.AuthorizationV1.CreateSubjectAccessReviewAsync(
            new V1SubjectAccessReview
            {
                Spec = new V1SubjectAccessReviewSpec
                {
                    User = caller.Username,
                    Groups = caller.Groups,
                    Uid = caller.Uid,
                    Extra = caller.Extra,
                    ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = @namespace, Verb = verb, Group = group, Resource = resource, Name = name },
                },
            },
            cancellationToken: cancellationToken);
        return review.Status?.Allowed == true;
    }
}
