using System.Security.Cryptography;
using System.Text;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using k8s;

namespace Airwave.Webhook.StreamApi;

/// <summary>
/// The namespaces' API keys, as the operator made them in its namespace (<see cref="StreamApiKeySecret"/>): a key
/// names its namespace, and is that namespace's only when the installation lists it and the Secret holds it.
/// </summary>
public sealed class StreamApiKeys(KubernetesClient client, StreamApiSettings settings)
{
    /// <summary>The namespace <paramref name="key"/> is the API key of, or null.</summary>
    public async Task<string?> NamespaceOfAsync(string key, CancellationToken cancellationToken)
    {
        if (StreamApiKeySecret.NamespaceOf(key) is not { } ns || !settings.KeyNamespaces.Contains(ns, StringComparer.Ordinal))
        {
            return null;
        }

        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(StreamApiKeySecret.NameFor(ns), client.Namespace, cancellationToken: cancellationToken).OrNull();
        return secret?.GetString(StreamApiKeySecret.KeyField) is { Length: > 0 } stored
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(key))
            ? ns
            : null;
    }
}
