using System.Collections.Concurrent;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>
/// Deletes, once per namespace while the operator runs, the Secret in which earlier versions kept the namespace's own
/// signing key (<see cref="PlaybackSigningSecret.LegacyName"/>), so that no tenant keeps a key that signs for every
/// namespace. Deleted by name, never read: the admission policy bound to the operator lets it delete only one labelled
/// as Airwave's, so a tenant's own Secret of that name stays. The key itself stays valid at Mux, so tokens it signed
/// play until they expire; deleting it there is the platform team's call (it may have been copied anywhere).
/// </summary>
public sealed partial class LegacySigningKeySecrets(KubernetesClient client, ILogger<LegacySigningKeySecrets> logger)
{
    private readonly ConcurrentDictionary<string, bool> _looked = new(StringComparer.Ordinal);

    /// <summary>True when this call deleted the namespace's legacy Secret.</summary>
    public async Task<bool> RemoveAsync(string @namespace, CancellationToken cancellationToken)
    {
        if (_looked.ContainsKey(@namespace))
        {
            return false;
        }

        bool deleted;
        try
        {
            deleted = await client.DeleteAsync(ResourceType.Secrets, @namespace, PlaybackSigningSecret.LegacyName, cancellationToken);
        }
        catch (ForbiddenException e)
        {
            LogKept(@namespace, PlaybackSigningSecret.LegacyName, e.Message);
            deleted = false;
        }

        _looked[@namespace] = true;
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret {Namespace}/{Name} was kept: it is not one Airwave made ({Reason})")]
    private partial void LogKept(string @namespace, string name, string reason);
}
