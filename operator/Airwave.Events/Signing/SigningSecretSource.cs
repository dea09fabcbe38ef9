using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Core;
using Microsoft.Extensions.Logging;

namespace Airwave.Events.Signing;

/// <summary>
/// Finds the signing secrets: the configured value (DOWNSTREAM_SERVICE_SIGNING_SECRET) if any, else the Secret
/// in the operator's namespace, which is created with a generated secret when missing so that every delivery is
/// signed. Replicas racing to create it all end up with the one that was stored first. A host without a Kubernetes
/// client (the signaling service) must be configured with the value.
/// </summary>
public sealed partial class SigningSecretSource(KubernetesClient? client, string @namespace, string secretName, string? configured, ILogger<SigningSecretSource> logger)
{
    public const string SecretKey = "signing-secret";

    public async Task<WebhookSigner> LoadAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new WebhookSigner(WebhookSecret.ParseList(configured));
        }

        if (client is null)
        {
            throw new InvalidOperationException("DOWNSTREAM_SERVICE_SIGNING_SECRET is not set, and this service has no Secret to keep a generated one in");
        }

        for (var attempt = 0; ; attempt++)
        {
            if (await client.TryGetAsync<Secret>(ResourceType.Secrets, @namespace, secretName, cancellationToken) is { } existing
                && existing.GetString(SecretKey) is { Length: > 0 } stored)
            {
                return new WebhookSigner(WebhookSecret.ParseList(stored));
            }

            var generated = new Secret
            {
                Metadata = new ObjectMeta
                {
                    Name = secretName,
                    Namespace = @namespace,
                    Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "airwave" },
                },
                Type = Secret.OpaqueType,
                Data = Secret.Encode(new Dictionary<string, string> { [SecretKey] = WebhookSecret.Generate() }),
            };
            try
            {
                await client.CreateAsync(ResourceType.Secrets, generated, cancellationToken);
                LogGenerated(logger, @namespace, secretName, SecretKey);
            }
            catch (AlreadyExistsException) when (attempt < 3)
            {
                // Another replica stored one first: read it back on the next pass.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a webhook signing secret and stored it in Secret {Namespace}/{Name}, key {Key}; give it to your receivers")]
    private static partial void LogGenerated(ILogger logger, string @namespace, string name, string key);
}
