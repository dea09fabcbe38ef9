using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using k8s;
using k8s.Models;

namespace Airwave.Kubernetes.Secrets;

/// <summary>
/// A value a service makes for itself the first time it needs one and keeps in a Secret (a signing key), so every
/// replica and every restart uses the same: replicas racing to create it all end up with the one stored first.
/// </summary>
public static class GeneratedSecret
{
    private const int Attempts = 3;

    /// <summary>The value of <paramref name="field"/> in Secret <paramref name="namespace"/>/<paramref name="name"/>, made with <paramref name="generate"/> when there is none; Created says this call stored it.</summary>
    public static async Task<(string Value, bool Created)> GetOrCreateAsync(KubernetesClient client, string @namespace, string name, string field, Func<string> generate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(generate);
        for (var attempt = 1; ; attempt++)
        {
            if (await client.Api.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken).OrNull() is { } existing
                && existing.GetString(field) is { Length: > 0 } stored)
            {
                return (stored, false);
            }

            var value = generate();
            try
            {
                await client.Api.CoreV1.CreateNamespacedSecretAsync(
                    new V1Secret
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Name = name,
                            NamespaceProperty = @namespace,
                            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "airwave" },
                        },
                        Type = SecretText.Opaque,
                        Data = SecretText.Encode(new Dictionary<string, string> { [field] = value }),
                    },
                    @namespace,
                    cancellationToken: cancellationToken);
                return (value, true);
            }
            catch (AlreadyExistsException) when (attempt < Attempts)
            {
                // Another replica stored one first: read it back on the next pass.
            }
        }
    }
}
