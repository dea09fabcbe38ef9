using Airwave.Kubernetes.Client;
using k8s;
using k8s.Models;

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

    /// <summary>The bearer token of the request's Authorization header, or null when it has none.</summary>
    public static string? BearerToken(Microsoft.AspNetCore.Http.HttpRequest request)
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
