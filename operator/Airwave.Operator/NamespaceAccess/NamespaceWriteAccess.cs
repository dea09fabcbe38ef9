using System.Collections.Concurrent;
using Airwave.Kubernetes.Client;
using Airwave.Operator.Configuration;
using k8s;
using k8s.Models;
using KubernetesObject = Airwave.Kubernetes.ApiMachinery.Meta.KubernetesObject;

namespace Airwave.Operator.NamespaceAccess;

/// <summary>
/// Whether the operator may write in a namespace yet. Installed cluster-wide, it may only once the namespace-access
/// controller has bound its role there, which happens as the namespace's first Airwave object appears: a stream
/// waits for that, saying so, instead of failing on the first forbidden write. Asked of the API server
/// (SelfSubjectAccessReview); a yes is remembered for a while, a no asked again on the next look.
/// </summary>
public sealed class NamespaceWriteAccess(KubernetesClient client, OperatorOptions options)
{
    public const string PendingReason = "NamespaceAccessPending";

    /// <summary>How often a waiting stream looks again; the controller binds within moments when it runs.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _granted = new(StringComparer.Ordinal);

    /// <summary>True when the operator may write in the namespace (always, unless namespace access is configured).</summary>
    private async Task<bool> IsGrantedAsync(string @namespace, CancellationToken cancellationToken)
    {
        if (options.NamespaceAccessController is null)
        {
            return true;
        }

        var now = client.TimeProvider.GetUtcNow();
        if (_granted.TryGetValue(@namespace, out var until) && until > now)
        {
            return true;
        }

        // Events are what the operator writes for every kind, in every namespace it works in.
        var review = await client.Api.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(
            new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec
                {
                    ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = @namespace, Verb = "create", Group = ResourceType.Events.Group, Resource = ResourceType.Events.Plural },
                },
            },
            cancellationToken: cancellationToken);
        if (review.Status?.Allowed != true)
        {
            _granted.TryRemove(@namespace, out _);
            return false;
        }

        _granted[@namespace] = now + Remembered;
        return true;
    }

    /// <summary>
    /// Null once the operator may write in the object's namespace; until then, what its Ready condition says
    /// (reason <see cref="PendingReason"/>).
    /// </summary>
    public async Task<string?> PendingAsync(KubernetesObject resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var @namespace = resource.Metadata.Namespace ?? throw new ArgumentException("the object has no namespace", nameof(resource));
        return await IsGrantedAsync(@namespace, cancellationToken) ? null : PendingMessage(@namespace);
    }

    private string PendingMessage(string @namespace) =>
        $"waiting for the operator's access to namespace {@namespace}: {options.NamespaceAccessController} grants it while the namespace holds a LiveStream, VideoAsset or ArchiveSplit; if this lasts, check that Deployment's pods and logs";
}
