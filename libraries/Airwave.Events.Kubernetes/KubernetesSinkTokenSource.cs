using Airwave.Events.Sinks;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using k8s;

namespace Airwave.Events.Kubernetes;

/// <summary>
/// A sink's bearer token: given inline, or read from a Secret in the operator's namespace at each delivery cycle so
/// rotations apply.
/// </summary>
public sealed class KubernetesSinkTokenSource(KubernetesClient client, string @namespace) : ISinkTokenSource
{
    public async Task<string?> GetAsync(SinkOptions sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (sink.TokenSecretRef is not { } reference)
        {
            return sink.Token;
        }

        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(reference.Name, @namespace, cancellationToken: cancellationToken);
        return secret.GetString(reference.Key)
            ?? throw new InvalidOperationException($"Secret {@namespace}/{reference.Name} has no key \"{reference.Key}\" for the token of sink \"{sink.Name}\"");
    }
}
