using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Status;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.LiveStreams.Viewers;

/// <summary>
/// Owns status.viewers of every LiveStream, and nothing else: every <see cref="ViewerOptions.CountInterval"/> it counts
/// the views the webhook's replicas have open and patches the streams whose count changed (a merge patch of that field
/// alone, so it never races the stream's reconcile for the rest of status). It runs on the leader, as controllers do.
/// </summary>
public sealed partial class ViewerCountController(
    Informer<LiveStream> streams,
    ViewerCounts counts,
    KubernetesClient client,
    OperatorOptions options,
    TimeProvider time,
    ILogger<ViewerCountController> logger) : IController
{
    public string Name => "viewers";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await streams.WaitForSyncAsync(cancellationToken);
            using var timer = new PeriodicTimer(options.Viewers.CountInterval, time);
            do
            {
                await CountOnceAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: shutdown or lost leadership.
        }
    }

    /// <summary>Counts once and writes what changed.</summary>
    public async Task CountOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<(string Namespace, string Name), int>? open;
        try
        {
            open = await counts.CountAsync(cancellationToken);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException)
        {
            LogReplicasUnlisted(logger, options.Viewers.WebhookNamespace, options.Viewers.WebhookService, e.Message);
            return;
        }

        if (open is null)
        {
            return;
        }

        // Kubernetes keeps times to the second: so does the count, or a stored peak would never equal a computed one.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        foreach (var stream in streams.Cache.List())
        {
            if (stream.Status is not { } status || stream.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            var next = ViewersTally.Next(status.Viewers, open.GetValueOrDefault((stream.Metadata.Namespace!, stream.Metadata.Name!)), status.LastStarted, now);
            if (next == status.Viewers)
            {
                continue;
            }

            try
            {
                await client.UpdateStatusIfChangedAsync(AirwaveResources.LiveStreams, stream, stream with { Status = status with { Viewers = next } }, cancellationToken);
            }
            catch (NotFoundException)
            {
                // Deleted since the cache saw it.
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException)
            {
                // Counted again at the next tick; one stream's failed write does not hold up the others'.
                LogNotWritten(logger, stream.Metadata.Namespace, stream.Metadata.Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The viewers of LiveStream {Namespace}/{Name} were not written ({Reason})")]
    private static partial void LogNotWritten(ILogger logger, string? @namespace, string? name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Viewers were not counted: the EndpointSlices of Service {Namespace}/{Service} could not be listed ({Reason})")]
    private static partial void LogReplicasUnlisted(ILogger logger, string? @namespace, string? service, string reason);
}
