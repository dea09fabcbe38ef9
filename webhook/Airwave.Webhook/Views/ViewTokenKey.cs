using Airwave.Api.Common;
using Airwave.Kubernetes.Client;
using Airwave.Webhook.Keys;

namespace Airwave.Webhook.Views;

/// <summary>The installation's view token key (<see cref="ViewTokenKeySecret"/>).</summary>
public sealed class ViewTokenKey(KubernetesClient client) : InstallationKey(client, ViewTokenKeySecret.Name, ViewTokenKeySecret.KeyField)
{
    /// <summary>The key's bytes; null while the operator has not made it yet.</summary>
    public async Task<byte[]?> BytesAsync(CancellationToken cancellationToken) =>
        await GetAsync(cancellationToken) is { } key ? Convert.FromBase64String(key) : null;
}
