using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using k8s.Models;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// A Secret of one kind that the operator writes for each stream (its ingest Secret, its SFU Secret), as it last wrote
/// it: each write is conditional on that one (<see cref="WriteOnlySecret"/>), so a change made behind its back is found.
/// </summary>
public sealed class WrittenSecrets : StreamMemory<V1Secret>
{
    /// <summary>Writes <paramref name="wanted"/> over the Secret as last written, and remembers it as written now.</summary>
    /// <exception cref="SecretNotReplaceableException">A Secret of the name exists that the stream may not replace.</exception>
    public async Task<SecretWrite> WriteAsync(KubernetesClient client, LiveStream stream, V1Secret wanted, CancellationToken cancellationToken)
    {
        var written = await WriteOnlySecret.WriteAsync(client, wanted, Find(stream), cancellationToken);
        Record(stream, written.Secret);
        return written;
    }
}
