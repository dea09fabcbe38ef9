using Airwave.Events.Signing;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using Microsoft.Extensions.Logging;

namespace Airwave.Events.Kubernetes;

/// <summary>
/// Finds the signing secrets: the configured value (DOWNSTREAM_SERVICE_SIGNING_SECRET) if any, else the Secret
/// in the operator's namespace, which is created with a generated secret when missing so that every delivery is
/// signed (see <see cref="GeneratedSecret"/>).
/// </summary>
public sealed partial class KubernetesSigningSecretSource(KubernetesClient client, string @namespace, string secretName, string? configured, ILogger<KubernetesSigningSecretSource> logger)
    : ISigningSecretSource
{
    public const string SecretKey = "signing-secret";

    public async Task<WebhookSigner> LoadAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return await new ConfiguredSigningSecret(configured).LoadAsync(cancellationToken);
        }

        var (stored, created) = await GeneratedSecret.GetOrCreateAsync(client, @namespace, secretName, SecretKey, WebhookSecret.Generate, cancellationToken);
        if (created)
        {
            LogGenerated(logger, @namespace, secretName, SecretKey);
        }

        return new WebhookSigner(WebhookSecret.ParseList(stored));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a webhook signing secret and stored it in Secret {Namespace}/{Name}, key {Key}; give it to your receivers")]
    private static partial void LogGenerated(ILogger logger, string @namespace, string name, string key);
}
