using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using k8s;
using k8s.Models;

namespace Airwave.Kubernetes.Secrets;

/// <summary>
/// Stores a Secret whole without reading it, for a writer that may create and replace Secrets in other teams'
/// namespaces but not read them: what it learns of a Secret is what it wrote. A Secret it does not own is kept from
/// it by the API server's admission (the replace is refused), not by looking first.
/// </summary>
public static class WriteOnlySecret
{
    /// <summary>
    /// Writes <paramref name="wanted"/>. With <paramref name="lastWritten"/> (the Secret as this writer last stored
    /// it) the replace is conditional on its resourceVersion, so a Secret changed or deleted since is noticed, and
    /// then replaced or made again; without, the Secret is created, or replaced when one of its name exists.
    /// <paramref name="wanted"/> is the writer's to give away: its resourceVersion is set for each request.
    /// </summary>
    /// <exception cref="SecretNotReplaceableException">A Secret of the name exists and the API server refused to replace it.</exception>
    public static async Task<SecretWrite> WriteAsync(KubernetesClient client, V1Secret wanted, V1Secret? lastWritten, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(wanted);
        if (lastWritten?.Metadata.ResourceVersion is { } version)
        {
            try
            {
                var updated = await ReplaceAsync(client, WithVersion(wanted, version), cancellationToken);
                return new(updated.Metadata.ResourceVersion == version ? SecretWriteOutcome.Unchanged : SecretWriteOutcome.Updated, updated);
            }
            catch (ConflictException)
            {
                return new(SecretWriteOutcome.ChangedSince, await ReplaceOrRefuseAsync(client, wanted, cancellationToken));
            }
            catch (NotFoundException)
            {
                // AlreadyExists (made again in between) fails this write; the next one, without a version, replaces it.
                return new(SecretWriteOutcome.DeletedSince, await CreateAsync(client, WithVersion(wanted, null), cancellationToken));
            }
        }

        try
        {
            return new(SecretWriteOutcome.Created, await CreateAsync(client, WithVersion(wanted, null), cancellationToken));
        }
        catch (AlreadyExistsException)
        {
            return new(SecretWriteOutcome.Replaced, await ReplaceOrRefuseAsync(client, wanted, cancellationToken));
        }
    }

    /// <summary>An unconditional update: whatever the Secret held, it holds <paramref name="wanted"/> now.</summary>
    private static async Task<V1Secret> ReplaceOrRefuseAsync(KubernetesClient client, V1Secret wanted, CancellationToken cancellationToken)
    {
        try
        {
            return await ReplaceAsync(client, WithVersion(wanted, null), cancellationToken);
        }
        catch (ForbiddenException e)
        {
            throw new SecretNotReplaceableException(wanted.Metadata.Name, e);
        }
    }

    private static Task<V1Secret> ReplaceAsync(KubernetesClient client, V1Secret secret, CancellationToken cancellationToken) =>
        client.Api.CoreV1.ReplaceNamespacedSecretAsync(secret, secret.Metadata.Name, secret.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

    private static Task<V1Secret> CreateAsync(KubernetesClient client, V1Secret secret, CancellationToken cancellationToken) =>
        client.Api.CoreV1.CreateNamespacedSecretAsync(secret, secret.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

    private static V1Secret WithVersion(V1Secret secret, string? version)
    {
        secret.Metadata.ResourceVersion = version;
        return secret;
    }
}

/// <summary>What <see cref="WriteOnlySecret.WriteAsync"/> did, and the Secret as stored (keep it for the next write).</summary>
public sealed record SecretWrite(SecretWriteOutcome Outcome, V1Secret Secret);

public enum SecretWriteOutcome
{
    /// <summary>It held what was wanted since the last write.</summary>
    Unchanged,

    /// <summary>It held the last write, and now what was wanted.</summary>
    Updated,

    /// <summary>There was none of the name.</summary>
    Created,

    /// <summary>One of the name was there, not known to this writer; it was replaced.</summary>
    Replaced,

    /// <summary>Someone changed it since the last write; it was replaced.</summary>
    ChangedSince,

    /// <summary>Someone deleted it since the last write; it was made again.</summary>
    DeletedSince,
}

/// <summary>A Secret of the name exists and the writer may not replace it: it belongs to someone else.</summary>
public sealed class SecretNotReplaceableException(string name, ForbiddenException inner)
    : Exception($"Secret {name} already exists and may not be replaced: {inner.Message}", inner)
{
    public string Name { get; } = name;
}
