using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>
/// Who a caller is and what it may do, asked of the Kubernetes API as any delegating service asks: a TokenReview of
/// its bearer token for this service's audience, then a SubjectAccessReview of the user it stands for, with all the
/// review said of it (groups, uid, extra: a bound pod's name, say).
/// </summary>
public sealed class CallerReview(KubernetesClient client, string audience)
{
    private static readonly ResourceType TokenReviews = new("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", Namespaced: false);
    private static readonly ResourceType SubjectAccessReviews = new("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", Namespaced: false);

    /// <summary>The user the token stands for, or null when the API server does not accept it.</summary>
    public async Task<Caller?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var review = await client.CreateAsync(
            TokenReviews,
            new TokenReview { ApiVersion = "authentication.k8s.io/v1", Kind = "TokenReview", Spec = new TokenReviewSpec(token, [audience]) },
            cancellationToken);
        return review.Status is { Authenticated: true, User.Username: { } name } status && status.Audiences?.Contains(audience, StringComparer.Ordinal) == true
            ? new Caller(name, status.User.Groups ?? [], status.User.Uid, status.User.Extra)
            : null;
    }

    /// <summary>Whether the caller may get the VideoAsset.</summary>
    public async Task<bool> MayGetAsync(Caller caller, string group, string resource, string @namespace, string name, CancellationToken cancellationToken)
    {
        var review = await client.CreateAsync(
            SubjectAccessReviews,
            new SubjectAccessReview
            {
                ApiVersion = "authorization.k8s.io/v1",
                Kind = "SubjectAccessReview",
                Spec = new SubjectAccessReviewSpec(caller.Name, caller.Groups, caller.Uid, caller.Extra, new ResourceAttributes(@namespace, "get", group, resource, name)),
            },
            cancellationToken);
        return review.Status?.Allowed == true;
    }

    public sealed record Caller(string Name, IReadOnlyList<string> Groups, string? Uid, IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra);

    private sealed record TokenReview : KubernetesObject
    {
        public required TokenReviewSpec Spec { get; init; }

        public TokenReviewStatus? Status { get; init; }
    }

    private sealed record TokenReviewSpec(string Token, IReadOnlyList<string> Audiences);

    private sealed record TokenReviewStatus(bool Authenticated, ReviewedUser? User, IReadOnlyList<string>? Audiences);

    private sealed record ReviewedUser(string? Username, string? Uid, IReadOnlyList<string>? Groups, IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra);

    private sealed record SubjectAccessReview : KubernetesObject
    {
        public required SubjectAccessReviewSpec Spec { get; init; }

        public SubjectAccessReviewStatus? Status { get; init; }
    }

    private sealed record SubjectAccessReviewSpec(string User, IReadOnlyList<string> Groups, string? Uid, IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra, ResourceAttributes ResourceAttributes);

    private sealed record ResourceAttributes(string Namespace, string Verb, string Group, string Resource, string Name);

    private sealed record SubjectAccessReviewStatus(bool Allowed, string? Reason);
}
