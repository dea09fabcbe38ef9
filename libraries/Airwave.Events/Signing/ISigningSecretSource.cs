namespace Airwave.Events.Signing;

/// <summary>Where a host's webhook signing secrets come from; loaded once when delivery starts.</summary>
public interface ISigningSecretSource
{
    Task<WebhookSigner> LoadAsync(CancellationToken cancellationToken);
}
