using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// A WebRtc stream's SFU pods when its media also goes through a channel: they push the publisher's media into the
/// input the parts before made, and the stream is Running once the channel runs and a pod is ready.
/// </summary>
public sealed class SfuForwardingPart(SfuFleet fleet, IngestSecret ingestSecret, OperatorOptions options) : IStreamPart
{
    public StreamProblem? Check(LiveStream stream) => fleet.Check(stream);

    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices) => [CostComponents.ClusterPods("sfu-pods", "The SFU pods")];

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft) = (pass.Stream, pass.Draft);

        // The ingest Secret part writes the WHIP values with the input's once the input exists; until then there is nothing to push into.
        var secret = ingestSecret.Written(stream);
        if (draft.Status.Phase == LiveStreamPhase.Failed || secret?.GetString(IngestSecret.PrimaryUrl) is null)
        {
            return PartResult.Done;
        }

        draft.Update(s => s with
        {
            Ingest = (s.Ingest ?? new IngestStatus()) with { Primary = options.Sfu.WhipUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!)?.ToString(), Backup = null },
            Playback = (s.Playback ?? new PlaybackStatus()) with { WhepUrl = options.Sfu.WhepUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!)?.ToString() },
        });
        if (await fleet.ReconcileAsync(pass, secret, forward: true, cancellationToken) is not { } pods)
        {
            return PartResult.Stop(NameTaken.RetryResult(options));
        }

        if (!SfuFleet.Runs(stream))
        {
            if (pods.Remaining == 0)
            {
                return PartResult.Done;
            }

            if (draft.Status.Phase == LiveStreamPhase.Idle)
            {
                pass.Transition(LiveStreamPhase.Stopping, "Stopping", $"Waiting for {pods.Remaining} SFU pods to end.");
            }

            return PartResult.LookAgainWithin(options.PollInterval);
        }

        if (draft.Status.Phase != LiveStreamPhase.Running)
        {
            return PartResult.LookAgainWithin(options.PollInterval);
        }

        if (pods.Ready == 0)
        {
            pass.Transition(LiveStreamPhase.Starting, "Starting", $"The channel is running; waiting for the SFU pods to be ready (0 of {pods.Replicas}).");
            return PartResult.LookAgainWithin(options.PollInterval);
        }

        draft.Condition(ConditionTypes.Ready, true, "Running", $"The channel is running and {pods.Ready} of {pods.Replicas} SFU pods are ready: publish over WHIP at status.ingest.primary; what the publisher sends is recorded and packaged as well.");
        return PartResult.LookAgainWithin(fleet.LoadInterval);
    }
}
