using System.Net.Http.Json;
using System.Text.Json;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.LiveStreams.Viewers;

/// <summary>Adds up the views open per LiveStream that the webhook service's replicas report.</summary>
public sealed partial class ViewerCounts(HttpClient http, WebhookReplicas replicas, ILogger<ViewerCounts> logger)
{
    /// <summary>
    /// Views open per stream (namespace, name); null when a replica could not be asked, since a sum without it would
    /// tell its viewers left. No replica at all is no views.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Namespace, string Name), int>?> CountAsync(CancellationToken cancellationToken)
    {
        var open = new Dictionary<(string Namespace, string Name), int>();
        foreach (var uri in await replicas.ReportUrisAsync(cancellationToken))
        {
            ViewerReport? report;
            try
            {
                report = await http.GetFromJsonAsync(uri, ApiJsonContext.Default.ViewerReport, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogReplicaUnanswered(logger, uri, e.Message);
                return null;
            }

            foreach (var stream in report?.LiveStreams ?? [])
            {
                var key = (stream.Namespace, stream.Name);
                open[key] = open.GetValueOrDefault(key) + Math.Max(0, stream.Viewers);
            }
        }

        return open;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Viewers were not counted: the webhook replica at {Uri} did not report the views open on it ({Reason}); status.viewers keeps the last count")]
    private static partial void LogReplicaUnanswered(ILogger logger, Uri uri, string reason);
}
