namespace Airwave.Events.Signing;

/// <summary>
/// The signing secrets given as a value (DOWNSTREAM_SERVICE_SIGNING_SECRET), for a host that keeps no Secret to
/// store a generated one in.
/// </summary>
public sealed class ConfiguredSigningSecret(string? configured) : ISigningSecretSource
{
    public Task<WebhookSigner> LoadAsync(CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(configured)
            ? throw new InvalidOperationException("DOWNSTREAM_SERVICE_SIGNING_SECRET is not set, and this service has no Secret to keep a generated one in")
            : Task.FromResult(new WebhookSigner(WebhookSecret.ParseList(configured)));
}
