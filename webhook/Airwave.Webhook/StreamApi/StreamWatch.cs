using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Webhook.Admission;

namespace Airwave.Webhook.StreamApi;

/// <summary>Waits on one LiveStream's watch until the operator has brought it where a call needs it.</summary>
public static class StreamWatch
{
    /// <summary>
    /// The stream once <paramref name="settled"/> holds of it (from <paramref name="seen"/> on), or null when it has not
    /// within <paramref name="timeout"/> or is gone.
    /// </summary>
    public static async Task<LiveStream?> UntilAsync(KubernetesClient client, LiveStream seen, Func<LiveStream, bool> settled, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(settled);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        LiveStream? current = seen;
        try
        {
            while (current is not null && !settled(current))
            {
                current = await NextAsync(client, current, settled, timeout, deadline.Token);
            }

            return current;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// The stream as the watch from <paramref name="current"/>'s version shows it once settled, or where the watch
    /// ended; null once it is deleted. The watch starts at the version last seen, so no change between reading and
    /// watching is missed.
    /// </summary>
    private static async Task<LiveStream?> NextAsync(KubernetesClient client, LiveStream current, Func<LiveStream, bool> settled, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = new WatchOptions { ResourceVersion = current.Metadata.ResourceVersion, FieldSelector = $"metadata.name={current.Metadata.Name}", Timeout = timeout };
        try
        {
            await foreach (var change in client.WatchAsync<LiveStream>(SpecAdmission.LiveStreams, current.Metadata.Namespace, options, cancellationToken))
            {
                if (change.Type == WatchEventType.Deleted)
                {
                    return null;
                }

                if (change.Resource is { } changed && change.Type is WatchEventType.Added or WatchEventType.Modified)
                {
                    current = changed;
                    if (settled(current))
                    {
                        break;
                    }
                }
            }

            return current;
        }
        catch (GoneException)
        {
            // Too old a version to watch from: read the stream again and go on from there.
            return await client.TryGetAsync<LiveStream>(SpecAdmission.LiveStreams, current.Metadata.Namespace, current.Metadata.Name!, cancellationToken);
        }
    }
}
