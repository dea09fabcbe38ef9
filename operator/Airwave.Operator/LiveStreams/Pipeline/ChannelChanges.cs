using Airwave.Aws.MediaLive;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.LiveStreams.Transcoding;
using Airwave.Operator.Resources;
using Channel = Airwave.Aws.MediaLive.Channel;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// Changes of a channel and its input after they were made: new settings applied while the channel is idle, a new
/// stream key, and what MediaLive cannot change in place at all.
/// </summary>
public sealed class ChannelChanges(LiveStreamAws aws, IngestSecret ingestSecret)
{
    /// <summary>The pipeline count an input was made for, which its channel keeps.</summary>
    public static Api.LiveStreams.ChannelClass InputChannelClass(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Math.Max(input.Destinations?.Count ?? 0, input.Sources?.Count ?? 0) > 1 ? Api.LiveStreams.ChannelClass.Standard : Api.LiveStreams.ChannelClass.SinglePipeline;
    }

    /// <summary>A settings check on an idle or running channel keeps its current archive prefix: only a new session moves it.</summary>
    public static string? ArchiveDestinationOf(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return ChannelSettings.ArchivePrefix(channel.Destinations);
    }

    /// <summary>Applies the plan to the idle channel, and says what that was, unless it is part of a start.</summary>
    public static async Task UpdateAsync(StreamPass pass, Channel channel, ChannelPlan plan, ResourceDelta delta, CancellationToken cancellationToken, bool starting = false)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(delta);
        await pass.Resources.Channels.UpdateAsync(channel, plan, cancellationToken);
        if (delta.IsDrift || !starting)
        {
            await pass.ReportUpdateAsync($"channel {channel.Id}", delta, $"Channel {channel.Id} updated to the new encoding settings", cancellationToken);
        }
    }

    /// <summary>Gives the input a new key, then the Secret; the old key stops working at once.</summary>
    public async Task RotateStreamKeyAsync(StreamPass pass, string rotation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, input) = (pass.Stream, pass.Pipeline.Input!);
        var pipelines = Math.Max(1, input.Destinations?.Count ?? 1);
        var rotated = await aws.Inputs.UpdateStreamNamesAsync(input.Id, IngestSecret.StreamNames(pipelines, IngestSecret.NewKey()), cancellationToken);
        pass.Resources.Inputs.Saw(rotated);
        var values = await ingestSecret.ValuesAsync(stream, rotated, pass.Pipeline.Package!, whip: pass.Layout.Ingest == MediaIngest.SfuPods, cancellationToken);
        await ingestSecret.WriteAsync(stream, values, verify: true, cancellationToken);
        pass.Draft.Update(s => s with { Ingest = InputPart.IngestOf(stream, rotated, rotation) });
        await pass.RecordAsync(EventType.Normal, "StreamKeyRotated", "Update", $"Input {input.Id} has a new stream key; the old one no longer works. The new key and URLs are in Secret {IngestSecret.NameFor(stream)}.", cancellationToken);
    }

    /// <summary>What MediaLive cannot change in place is said in a condition, and once in an event when it starts.</summary>
    public static async Task ReportReplacementNeedsAsync(StreamPass pass, Input input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(input);
        var stream = pass.Stream;
        var existing = InputChannelClass(input);
        var messages = new List<string>();
        if (stream.Spec.Encoding.ChannelClass != existing)
        {
            messages.Add($"spec.encoding.channelClass {stream.Spec.Encoding.ChannelClass} cannot be applied in place: input {input.Id} was created for {existing} and MediaLive cannot change that. Delete and re-create the LiveStream to apply it; until then it keeps running as {existing}.");
        }

        if (stream.Spec.Source.Pull is { } pull && InputManager.PulledUrl(input) is { } pulling && pulling != pull.Url)
        {
            messages.Add($"spec.source.pull.url {pull.Url} is not applied in place: input {input.Id} pulls {pulling}. Delete and re-create the LiveStream to pull the new URL; until then it pulls {pulling}.");
        }

        if (messages.Count == 0)
        {
            return;
        }

        var message = string.Join(" ", messages);
        var before = ConditionList.Find(stream.Status?.Conditions, LiveStreamConditions.UpdatePending);
        pass.Draft.Condition(LiveStreamConditions.UpdatePending, true, "RequiresRecreate", message);
        if (before is not { Reason: "RequiresRecreate", Status: ConditionStatus.True })
        {
            await pass.RecordAsync(EventType.Warning, "RequiresRecreate", "Update", message, cancellationToken);
        }
    }
}
