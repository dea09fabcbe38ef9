using Airwave.Api.Common;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using k8s;

namespace Airwave.Webhook.Views;

/// <summary>The installation's view token key (<see cref="ViewTokenKeySecret"/>), read once it exists and kept.</summary>
public sealed class ViewTokenKey(KubernetesClient client)
{
    private byte[]? _key;

    /// <summary>The key; null while the operator has not made it yet.</summary>
    public async Task<byte[]?> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _key) is { } key)
        {
            return key;
        }

        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(ViewTokenKeySecret.Name, client.Namespace, cancellationToken: cancellationToken).OrNull();
        if (secret?.GetString(ViewTokenKeySecret.KeyField) is not { Length: > 0 } text)
        {
            return null;
        }

        key = Convert.FromBase64String(text);
        Volatile.Write(ref _key, key);
        return key;
    }
}
