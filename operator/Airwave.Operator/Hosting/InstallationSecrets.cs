using Airwave.Api.LiveStreams;
using Airwave.Configuration;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Secrets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Hosting;

/// <summary>
/// Makes, when the operator starts, the Secrets of its namespace that other Airwave services only read: the upload
/// playback key the webhook service signs S3Upload playlist URLs with. The webhook service faces the internet, so it
/// is given no right to create Secrets. Tried again, less and less often, until the API server takes it.
/// </summary>
public sealed partial class InstallationSecrets(KubernetesClient client, TimeProvider time, ILogger<InstallationSecrets> logger) : BackgroundService
{
    private static readonly ExponentialBackoff Retry = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), Jitter: 0.2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                var (_, created) = await GeneratedSecret.GetOrCreateAsync(
                    client, client.Configuration.Namespace, UploadPlaybackKeySecret.Name, UploadPlaybackKeySecret.KeyField, UploadPlaybackKeySecret.NewKey, stoppingToken);
                if (created)
                {
                    LogCreated(logger, client.Configuration.Namespace, UploadPlaybackKeySecret.Name);
                }

                return;
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException)
            {
                var wait = Retry.Delay(failures);
                LogFailed(logger, client.Configuration.Namespace, UploadPlaybackKeySecret.Name, wait, e.Message);
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Made the Secret {Namespace}/{Name}")]
    private static partial void LogCreated(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make the Secret {Namespace}/{Name}, trying again in {Wait}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, TimeSpan wait, string reason);
}
