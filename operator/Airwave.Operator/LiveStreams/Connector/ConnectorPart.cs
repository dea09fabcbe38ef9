using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using k8s.Models;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Connector;

/// <summary>
/// A Chime stream's meeting connector: a pod that joins the meeting and pushes it into what the parts before made (an
/// input, or an IVS channel), started once that runs and removed when the stream stops. The stream is Running once the
/// connector pushes the meeting; until then, and while it fails, it is Starting and says why.
/// </summary>
public sealed class ConnectorPart(ConnectorWorkload connectorWorkload, IngestSecret ingestSecret, OperatorOptions options) : IStreamPart
{
    private const string ConnectorNameTaken = "ConnectorNameTaken";

    public StreamProblem? Check(LiveStream stream) =>
        options.Connector.MeetingHosts.CheckMeeting(stream?.Spec ?? throw new ArgumentNullException(nameof(stream))) is { } meeting
            ? new("MeetingHostNotAllowed", meeting.ToString())
            : null;

    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices) => [CostComponents.ClusterPods("connector-pod", "The meeting connector's pod and its browser")];

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft) = (pass.Stream, pass.Draft);

        // The parts before write where to push into the Secret; until then there is nothing to push into.
        var secret = ingestSecret.Written(stream);
        if (draft.Status.Phase == LiveStreamPhase.Failed || secret?.GetString(IngestSecret.PrimaryUrl) is not { } pushUrl)
        {
            return PartResult.Done;
        }

        V1Deployment? current;
        try
        {
            current = await connectorWorkload.ReadAsync(stream, cancellationToken);
        }
        catch (ObjectNameTakenException e)
        {
            pass.Fail(ConnectorNameTaken, e.Message);
            await pass.RecordAsync(EventType.Warning, ConnectorNameTaken, "Validate", e.Message, cancellationToken);
            return PartResult.Stop(NameTaken.RetryResult(options));
        }

        // A stream the parts before left Idle though asked to run (stopped for its idle limit, waiting for its
        // namespace's budget or a channel slot) keeps no connector in the meeting either.
        if (stream.Spec.State != StreamState.Running || draft.Status.Phase == LiveStreamPhase.Idle)
        {
            return await StopAsync(pass, current, cancellationToken);
        }

        if (draft.Status.Phase != LiveStreamPhase.Running && current is null)
        {
            draft.Condition(LiveStreamConditions.ConnectorReady, false, "WaitingForChannel", "The meeting connector starts once the stream's channel runs.");
            return PartResult.Done;
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
            await pass.RecordAsync(EventType.Normal, "Created", "Create", $"Created Deployment {ConnectorObjects.NameFor(stream)}: its pod joins the meeting and pushes it into {into}", cancellationToken);
        }

        return await ReportAsync(pass, cancellationToken);
    }

    /// <summary>The connector goes first, so that nothing pushes any more into what the parts before delete.</summary>
    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        try
        {
            if (await connectorWorkload.ReadAsync(pass.Stream, cancellationToken) is { } deployment)
            {
                await connectorWorkload.DeleteAsync(deployment, cancellationToken);
                await pass.RecordAsync("Deleted", $"Deleted Deployment {deployment.Metadata.Name}: the meeting connector leaves the meeting", cancellationToken);
            }
        }
        catch (ObjectNameTakenException)
        {
            // A Deployment of that name that the stream does not own is not the stream's to delete.
        }

        return true;
    }

    /// <summary>The connector's pods in status, its phase in ConnectorReady and in the stream's phase.</summary>
    private async Task<PartResult> ReportAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        var (stream, draft) = (pass.Stream, pass.Draft);
        var before = stream.Status?.Connector;
        var report = ConnectorReport.Of(ConnectorObjects.NameFor(stream), await connectorWorkload.PodsAsync(stream, cancellationToken), before, draft.Now);
        draft.Update(s => s with { Connector = report });
        if (report.Phase != before?.Phase)
        {
            await AnnounceAsync(pass, report, cancellationToken);
        }

        switch (report.Phase)
        {
            case ConnectorPhase.Connected:
                draft.Condition(LiveStreamConditions.ConnectorReady, true, "Connected", "The meeting connector pushes the meeting into the stream's input.");
                if (draft.Status.Phase == LiveStreamPhase.Running)
                {
                    draft.Condition(ConditionTypes.Ready, true, "Running", "The channel is running and the meeting connector pushes the meeting into it.");
                }

                return PartResult.LookAgainWithin(options.Connector.CheckInterval);
            case ConnectorPhase.Failed:
                draft.Condition(LiveStreamConditions.ConnectorReady, false, "Failed", $"The meeting connector failed ({report.Restarts} restarts; it is tried again with backoff): {report.Message}");
                pass.Transition(LiveStreamPhase.Starting, "ConnectorFailed", $"The channel is running; the meeting connector failed and is tried again: {report.Message}");
                return PartResult.LookAgainWithin(options.Connector.CheckInterval);
            default:
                draft.Condition(LiveStreamConditions.ConnectorReady, false, "Starting", "The meeting connector is joining the meeting.");
                pass.Transition(LiveStreamPhase.Starting, "ConnectorStarting", "The channel is running; the meeting connector is joining the meeting.");
                return PartResult.LookAgainWithin(options.PollInterval);
        }
    }

    /// <summary>A stopped stream deletes its connector, and is Stopping until the connector's pod has gone.</summary>
    private async Task<PartResult> StopAsync(StreamPass pass, V1Deployment? current, CancellationToken cancellationToken)
    {
        var draft = pass.Draft;
        if (current is not null)
        {
            await connectorWorkload.DeleteAsync(current, cancellationToken);
            await pass.RecordAsync(EventType.Normal, "Deleted", "Delete", $"Deleted Deployment {current.Metadata.Name}: the stream is stopped, so its meeting connector leaves the meeting", cancellationToken);
        }

        draft.Condition(LiveStreamConditions.ConnectorReady, false, "Stopped", "The stream is stopped; it runs no meeting connector.");
        if ((await connectorWorkload.PodsAsync(pass.Stream, cancellationToken)).Count == 0)
        {
            draft.Update(s => s with { Connector = null });
            return PartResult.Done;
        }

        // A stream held Idle keeps saying why; one asked to stop is Stopping until the pod has gone.
        if (draft.Status.Phase == LiveStreamPhase.Idle && pass.Stream.Spec.State != StreamState.Running)
        {
            pass.Transition(LiveStreamPhase.Stopping, "Stopping", "Waiting for the meeting connector's pod to end.");
        }

        return PartResult.LookAgainWithin(options.PollInterval);
    }

    /// <summary>A new phase of the connector as an Event on the stream and a downstream event; Starting is neither.</summary>
    private static async Task AnnounceAsync(StreamPass pass, ConnectorStatus report, CancellationToken cancellationToken)
    {
        var sessionId = pass.Draft.Status.CurrentSessionId;
        var occurrence = $"{sessionId}-{KubernetesTimeConverter.ToText(report.Since ?? pass.Now)}";
        if (report.Phase == ConnectorPhase.Connected)
        {
            await pass.RecordAsync(EventType.Normal, "ConnectorConnected", "Connect", "The meeting connector joined the meeting; its video and sound flow into the stream's input", cancellationToken);
            pass.Announce(EventTypes.StreamConnectorConnected, occurrence, sessionId);
        }
        else if (report.Phase == ConnectorPhase.Failed)
        {
            await pass.RecordAsync(EventType.Warning, "ConnectorFailed", "Connect", $"The meeting connector failed and is tried again with backoff: {report.Message}", cancellationToken);
            pass.Announce(EventTypes.StreamConnectorFailed, occurrence, sessionId);
        }
    }
}
