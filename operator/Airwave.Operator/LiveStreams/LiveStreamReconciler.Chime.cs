using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Apps;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Operator.LiveStreams.Connector;
using Airwave.Operator.Status;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// A Chime stream: the channel as for RTMP, and a meeting connector pod that joins the meeting and pushes it into the
/// channel's input, started once the channel runs and removed when the stream stops.
/// </summary>
public sealed partial class LiveStreamReconciler
{
    private const string ConnectorNameTaken = "ConnectorNameTaken";

    /// <summary>
    /// After the channel's pass (<paramref name="channelPass"/>), which made the input, packaging and channel, drove
    /// the channel and kept the sessions as for RTMP: the stream is Running once the channel runs and its connector
    /// pushes the meeting; until then, and while the connector fails, it is Starting and says why.
    /// </summary>
    private async Task<ReconcileResult> ReconcileChimeAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, ReconcileResult channelPass, CancellationToken cancellationToken)
    {
        // The channel's pass writes the input's URLs into the Secret; until then there is nothing to push into.
        var secret = ingestSecret.Written(stream);
        if (draft.Status.Phase == LiveStreamPhase.Failed || secret?.GetString(IngestSecret.PrimaryUrl) is not { } pushUrl)
        {
            return channelPass;
        }

        Deployment? current;
        try
        {
            current = await connectorWorkload.ReadAsync(stream, cancellationToken);
        }
        catch (ObjectNameTakenException e)
        {
            Fail(draft, ConnectorNameTaken, e.Message);
            await RecordAsync(stream, EventType.Warning, ConnectorNameTaken, "Validate", e.Message, cancellationToken);
            return NameTakenRetry;
        }

        var name = ConnectorObjects.NameFor(stream);
        if (stream.Spec.State != StreamState.Running)
        {
            return await StopConnectorAsync(stream, current, draft, channelPass, cancellationToken);
        }

        if (draft.Status.Phase != LiveStreamPhase.Running && current is null)
        {
            draft.Condition(LiveStreamConditions.ConnectorReady, false, "WaitingForChannel", "The meeting connector starts once the stream's channel runs.");
            return channelPass;
        }

        // A Standard channel's input has a second pipeline, which the connector pushes to as well.
        var backupUrl = secret.GetString(IngestSecret.BackupUrl);
        var pushUrls = new Dictionary<string, string> { [IngestSecret.PrimaryUrl] = pushUrl };
        if (backupUrl is not null)
        {
            pushUrls[IngestSecret.BackupUrl] = backupUrl;
        }

        if (await connectorWorkload.ApplyAsync(stream, current, IngestSecret.Digest(pushUrls), backupUrl is not null, cancellationToken))
        {
            var into = draft.Status.Ivs is { } ivs ? $"IVS channel {ivs.ChannelArn}" : $"input {draft.Status.Aws?.InputId}";
            await RecordAsync(stream, EventType.Normal, "Created", "Create", $"Created Deployment {name}: its pod joins the meeting and pushes it into {into}", cancellationToken);
        }

        var before = stream.Status?.Connector;
        var report = ConnectorReport.Of(name, await connectorWorkload.PodsAsync(stream, cancellationToken), before, draft.Now);
        draft.Update(s => s with { Connector = report });
        if (report.Phase != before?.Phase)
        {
            await AnnounceConnectorAsync(stream, draft, report, cancellationToken);
        }

        var interval = options.Connector.CheckInterval;
        switch (report.Phase)
        {
            case ConnectorPhase.Connected:
                draft.Condition(LiveStreamConditions.ConnectorReady, true, "Connected", "The meeting connector pushes the meeting into the stream's input.");
                if (draft.Status.Phase == LiveStreamPhase.Running)
                {
                    draft.Condition(ConditionTypes.Ready, true, "Running", "The channel is running and the meeting connector pushes the meeting into it.");
                }

                break;
            case ConnectorPhase.Failed:
                draft.Condition(LiveStreamConditions.ConnectorReady, false, "Failed", $"The meeting connector failed ({report.Restarts} restarts; it is tried again with backoff): {report.Message}");
                Transition(draft, LiveStreamPhase.Starting, "ConnectorFailed", $"The channel is running; the meeting connector failed and is tried again: {report.Message}");
                break;
            default:
                draft.Condition(LiveStreamConditions.ConnectorReady, false, "Starting", "The meeting connector is joining the meeting.");
                Transition(draft, LiveStreamPhase.Starting, "ConnectorStarting", "The channel is running; the meeting connector is joining the meeting.");
                interval = options.PollInterval;
                break;
        }

        return Sooner(channelPass, interval);
    }

    /// <summary>A stopped stream deletes its connector, and is Stopping until the connector's pod has gone.</summary>
    private async Task<ReconcileResult> StopConnectorAsync(LiveStream stream, Deployment? current, StatusDraft<LiveStreamStatus> draft, ReconcileResult channelPass, CancellationToken cancellationToken)
    {
        if (current is not null)
        {
            await connectorWorkload.DeleteAsync(current, cancellationToken);
            await RecordAsync(stream, EventType.Normal, "Deleted", "Delete", $"Deleted Deployment {current.Metadata.Name}: the stream is stopped, so its meeting connector leaves the meeting", cancellationToken);
        }

        draft.Condition(LiveStreamConditions.ConnectorReady, false, "Stopped", "The stream is stopped; it runs no meeting connector.");
        var remaining = (await connectorWorkload.PodsAsync(stream, cancellationToken)).Count;
        if (remaining == 0)
        {
            draft.Update(s => s with { Connector = null });
            return channelPass;
        }

        if (draft.Status.Phase == LiveStreamPhase.Idle)
        {
            Transition(draft, LiveStreamPhase.Stopping, "Stopping", "Waiting for the meeting connector's pod to end.");
        }

        return Sooner(channelPass, options.PollInterval);
    }

    /// <summary>A new phase of the connector as an Event on the stream and a downstream event; Starting is neither.</summary>
    private async Task AnnounceConnectorAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, ConnectorStatus report, CancellationToken cancellationToken)
    {
        var occurrence = $"{draft.Status.CurrentSessionId}-{KubernetesTimeConverter.ToText(report.Since ?? draft.Now)}";
        if (report.Phase == ConnectorPhase.Connected)
        {
            await RecordAsync(stream, EventType.Normal, "ConnectorConnected", "Connect", "The meeting connector joined the meeting; its video and sound flow into the stream's input", cancellationToken);
            Announce(stream, draft, EventTypes.StreamConnectorConnected, occurrence, draft.Status.CurrentSessionId);
        }
        else if (report.Phase == ConnectorPhase.Failed)
        {
            await RecordAsync(stream, EventType.Warning, "ConnectorFailed", "Connect", $"The meeting connector failed and is tried again with backoff: {report.Message}", cancellationToken);
            Announce(stream, draft, EventTypes.StreamConnectorFailed, occurrence, draft.Status.CurrentSessionId);
        }
    }
}
