using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Encryption;
using Airwave.Operator.LiveStreams.Memory;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// The resync of a stream whose last full pass found it settled as asked (<see cref="PassResources.MarkSettled"/>):
/// until the spec or the rotation annotation changes, or <c>FullCheckInterval</c> passes, it looks only at what
/// changes on its own: the channel's state (and a running channel's alerts, which also say whether its input has had
/// video, for an idle limit), the live distribution and the ingest
/// Secret (written again on the condition that it is as the operator left it). The input, its security group and the
/// MediaPackage channel need no read meanwhile, since AWS refuses to delete them while the channel and the endpoint
/// use them; nor does the origin endpoint, which changes only when someone changes it: that is drift, found by the
/// next full check.
/// </summary>
public sealed class QuickResync(LiveStreamAws aws, IngestSecret ingestSecret, LiveMembership live, IdleStop idle, SpendStop spend, EncryptionPart encryption, OperatorOptions options)
{
    /// <summary>
    /// Reads the channel (and a running one's alerts) and the live distribution, and changes nothing unless they
    /// moved. Null when a full reconcile is due: anything about the stream changed, something moved, or the last full
    /// one is too old.
    /// </summary>
    public async Task<ReconcileResult?> RunAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft) = (pass.Stream, pass.Draft);
        if (pass.Resources.Settled<OriginEndpoint>(ResourceKind.PackageEndpoint) is not { } endpoint
            || draft.Status.Aws is not { ChannelId: { } channelId })
        {
            return null;
        }

        // What the last full pass wrote is written again, on the condition that it is still there: an edit or a
        // deletion made meanwhile is undone now, and said.
        if (await ingestSecret.WriteAgainAsync(stream, cancellationToken) is not { } again)
        {
            return null;
        }

        await IngestSecretPart.ReportRestoredAsync(pass, again, draft.Status.Aws.InputId, cancellationToken);

        var channel = (await pass.Resources.Channels.ReadOneAsync(channelId, pass.Identity, cancellationToken)).Resource;
        var wanted = stream.Spec.State == StreamState.Running ? ChannelState.Running : ChannelState.Idle;
        if (channel?.State != wanted)
        {
            return null;
        }

        // A refused push, or the end of one, is the user's to see soon: a full pass reports it.
        var reported = ConditionList.Find(draft.Status.Conditions, LiveStreamConditions.InputReady)?.Reason == LiveStreamConditions.PushRefused;
        if (wanted == ChannelState.Running && draft.Status.Aws.InputId is { } inputId
            && (await InputProblem.ReadAsync(aws.Channels, pass, inputId, channelId, cancellationToken) is not null) != reported)
        {
            return null;
        }

        // A silence that reached the stream's idle limit is a full pass's to act on; one that will, a look then.
        var silence = wanted == ChannelState.Running ? await idle.ReadAsync(pass, aws, channel, cancellationToken) : null;
        if (silence is not null && silence.IsDue(pass.Now))
        {
            return null;
        }

        // Encryption not yet seen in the running endpoint's playlist is a full pass's to look for.
        if (wanted == ChannelState.Running && encryption.AwaitsCheck(stream))
        {
            return null;
        }

        // The namespace's spend reaching its limit, or falling under it with a new month, is a full pass's to tell.
        if (wanted == ChannelState.Running && spend.WouldReportAnew(pass))
        {
            return null;
        }

        await live.ReconcileEndpointAsync(pass, endpoint, cancellationToken);
        var within = silence is not null && silence.LookAgainWithin(pass.Now) < options.ResyncInterval ? silence.LookAgainWithin(pass.Now) : options.ResyncInterval;
        return ReconcileResult.After(within);
    }
}
