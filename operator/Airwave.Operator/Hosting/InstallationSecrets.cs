using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Aws.Kms;
using Airwave.Configuration;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Amazon.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Hosting;

/// <summary>
/// Makes, when the operator starts, the Secrets of its namespace that other Airwave services only read: the upload
/// playback key the webhook service signs S3Upload playlist URLs with, the key it signs view tokens with, the seed
/// its key provider derives content keys from and the token its callers show, the listed
/// namespaces' stream API keys, and, with the SFU broadcast key, the key it
/// signs private WebRtc streams' viewer tokens with (<see cref="WebRtcViewerKeySecret"/>, written whole each start,
/// so it follows the shared key). The webhook service faces the internet, so it is given no right to create
/// Secrets. Tried again, less and less often, until the API server takes them.
/// </summary>
public sealed partial class InstallationSecrets(KubernetesClient client, OperatorOptions options, KmsEnvelope kms, TimeProvider time, ILogger<InstallationSecrets> logger) : BackgroundService
{
    private static readonly ExponentialBackoff Retry = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), Jitter: 0.2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ns = client.Namespace;
        for (var failures = 0; ; failures++)
        {
            var name = UploadPlaybackKeySecret.Name;
            try
            {
                await GenerateAsync(ns, name, UploadPlaybackKeySecret.KeyField, UploadPlaybackKeySecret.NewKey, stoppingToken);
                name = ViewTokenKeySecret.Name;
                await GenerateAsync(ns, name, ViewTokenKeySecret.KeyField, ViewTokenKeySecret.NewKey, stoppingToken);
                name = ContentKeySeedSecret.Name;
                await MakeSeedAsync(ns, stoppingToken);
                name = SpekeCallerTokenSecret.Name;
                await GenerateAsync(ns, name, SpekeCallerTokenSecret.KeyField, SpekeCallerTokenSecret.NewKey, stoppingToken);
                foreach (var tenant in options.StreamApiKeyNamespaces)
                {
                    name = StreamApiKeySecret.NameFor(tenant);
                    await GenerateAsync(ns, name, StreamApiKeySecret.KeyField, () => StreamApiKeySecret.NewKey(tenant), stoppingToken);
                }

                if (options.Sfu.BroadcastKey is { } sharedKey)
                {
                    name = WebRtcViewerKeySecret.Name;
                    await WriteOnlySecret.WriteAsync(client, ViewerKey(ns, sharedKey), lastWritten: null, stoppingToken);
                }

                return;
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or AmazonServiceException)
            {
                var wait = Retry.Delay(failures);
                LogFailed(logger, ns, name, wait, e.Message);
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// The content key seed, made once: with a KMS key, as a data key KMS makes and returns only encrypted, so the
    /// operator never holds it; else random. A seed already there is kept, whichever way it is held, since every
    /// content key derives from it; one held in the clear while a KMS key is configured is said.
    /// </summary>
    private async Task MakeSeedAsync(string ns, CancellationToken cancellationToken)
    {
        var existing = await client.Api.CoreV1.ReadNamespacedSecretAsync(ContentKeySeedSecret.Name, ns, cancellationToken: cancellationToken).OrNull();
        var kmsKeyId = options.ContentKeys.KmsKeyId is { Length: > 0 } configured ? configured : null;
        if (existing?.GetString(ContentKeySeedSecret.KeyField) is { Length: > 0 })
        {
            if (kmsKeyId is not null)
            {
                LogSeedInTheClear(logger, ns, ContentKeySeedSecret.Name, kmsKeyId);
            }

            return;
        }

        if (existing?.GetString(ContentKeySeedSecret.KmsEncryptedField) is { Length: > 0 })
        {
            return;
        }

        if (kmsKeyId is null)
        {
            await GenerateAsync(ns, ContentKeySeedSecret.Name, ContentKeySeedSecret.KeyField, ContentKeySeedSecret.NewKey, cancellationToken);
            return;
        }

        var (ciphertext, keyArn) = await kms.GenerateDataKeyAsync(kmsKeyId, ContentKeySeedSecret.EncryptionContext, cancellationToken);
        var encrypted = new KmsEncryptedSeed(keyArn, Convert.ToBase64String(ciphertext)).ToJson();
        await GenerateAsync(ns, ContentKeySeedSecret.Name, ContentKeySeedSecret.KmsEncryptedField, () => encrypted, cancellationToken);
    }

    private async Task GenerateAsync(string ns, string name, string field, Func<string> newKey, CancellationToken cancellationToken)
    {
        var (_, created) = await GeneratedSecret.GetOrCreateAsync(client, ns, name, field, newKey, cancellationToken);
        if (created)
        {
            LogCreated(logger, ns, name);
        }
    }

    private static V1Secret ViewerKey(string ns, string sharedKey) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = WebRtcViewerKeySecret.Name,
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "airwave" },
        },
        Type = SecretText.Opaque,
        Data = SecretText.Encode(new Dictionary<string, string> { [WebRtcViewerKeySecret.KeyField] = Convert.ToBase64String(WebRtcViewerKeySecret.Derive(sharedKey)) }),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Secret {Namespace}/{Name} holds the content key seed in the clear although KMS key {KmsKeyId} is configured: it was made before. Delete it while no encrypted stream plays to have one made under the KMS key; every content key changes with it")]
    private static partial void LogSeedInTheClear(ILogger logger, string @namespace, string name, string kmsKeyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Made the Secret {Namespace}/{Name}")]
    private static partial void LogCreated(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make the Secret {Namespace}/{Name}, trying again in {Wait}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, TimeSpan wait, string reason);
}
