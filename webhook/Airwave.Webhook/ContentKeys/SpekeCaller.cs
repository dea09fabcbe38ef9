using System.Security.Cryptography;
using System.Text;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Webhook.Keys;

namespace Airwave.Webhook.ContentKeys;

/// <summary>Whether a key request comes through the installation's API Gateway: it carries the caller token.</summary>
public sealed class SpekeCaller(KubernetesClient client)
{
    private readonly InstallationKey _token = new(client, SpekeCallerTokenSecret.Name, SpekeCallerTokenSecret.KeyField);

    public async Task<bool> IsAllowedAsync(string? shown, CancellationToken cancellationToken) =>
        shown is { Length: > 0 }
        && await _token.GetAsync(cancellationToken) is { } token
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(shown), Encoding.UTF8.GetBytes(token));
}
