using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;

namespace Airwave.Events.Sinks;

/// <summary>
/// A sink's bearer token: given inline, or read from a Secret in the operator's namespace at each delivery cycle so
/// rotations apply. A host without a Kubernetes client (the signaling service) takes inline tokens only.
/// </summary>
public sealed class SinkTokenSource(KubernetesClient? client, string @namespace)
{
    public async Task<string?> GetAsync(SinkOptions sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (sink.TokenSecretRef is not { } reference)
        {
            return sink.Token;
        }

        if (client is null)
        {
            throw new InvalidOperationException($"sink \"{sink.Name}\" names a Secret for its token, and this service reads no Secrets: give the token itself");
        }

        var secret = await client.GetAsync<Secret>(ResourceType.Secrets, @namespace, reference.Name, cancellationToken);
        return secret.GetString(reference.Key)
            ?? throw new InvalidOperationException($"Secret {@namespace}/{reference.Name} has no key \"{reference.Key}\" for the token of sink \"{sink.Name}\"");
    }
}
