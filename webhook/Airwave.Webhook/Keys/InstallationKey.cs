using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using k8s;

namespace Airwave.Webhook.Keys;

/// <summary>
/// A key the operator makes once, when it starts, in a Secret of this service's namespace (the upload playback key,
/// the view token key): read once it exists and kept, since it never changes.
/// </summary>
public class InstallationKey(KubernetesClient client, string secretName, string field)
{
    private string? _value;

    /// <summary>The key as the Secret holds it; null while the operator has not made it yet.</summary>
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _value) is { } value)
        {
            return value;
        }

        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(secretName, client.Namespace, cancellationToken: cancellationToken).OrNull();
        if (secret?.GetString(field) is not { Length: > 0 } read)
        {
            return null;
        }

        Volatile.Write(ref _value, read);
        return read;
    }
}
