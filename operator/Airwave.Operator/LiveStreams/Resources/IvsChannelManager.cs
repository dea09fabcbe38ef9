using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Aws.Ivs;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>What a stream's IVS channel should be: the spec's settings, and the recording configuration it records with (null: none).</summary>
public sealed record IvsChannelPlan(IvsChannelSpec Spec, string? RecordingConfigurationArn);

/// <summary>
/// A Chime stream's IVS channel (target Ivs) and its stream key. Found by the ARN status keeps, else by the stream's
/// channel name and tags, so that a create whose answer was lost is adopted rather than made twice. IVS refuses to
/// update or delete a live channel: an update waits until it is not live, and a deletion stops the broadcast first.
/// </summary>
public sealed class IvsChannelManager(IIvsClient ivs) : IAwsResourceManager<Channel, IvsChannelPlan>
{
    /// <summary>The port IVS takes RTMPS on, which its ingest endpoints do not name.</summary>
    private const int IngestPort = 443;

    /// <param name="knownId">The channel's ARN.</param>
    public async Task<Observed<Channel>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken)
    {
        if (knownId is not null)
        {
            var known = await AwsLookup.DescribeOrNullAsync(() => ivs.GetChannelAsync(knownId, cancellationToken));
            return known is null ? Observed.Missing<Channel>() : Observed.Found(known);
        }

        // The listing names channels without their ingest and playback; the one with the stream's tags is read in full.
        foreach (var summary in await ivs.ListChannelsAsync(identity.IvsChannelName, cancellationToken))
        {
            if (identity.IsTaggedOn(summary.Tags) && await AwsLookup.DescribeOrNullAsync(() => ivs.GetChannelAsync(summary.Arn, cancellationToken)) is { } channel)
            {
                return Observed.Found(channel);
            }
        }

        return Observed.Absent<Channel>();
    }

    /// <param name="replacing">Unused: IVS takes no request id; a channel is found again by its name and tags.</param>
    public async Task<Channel> CreateAsync(IvsChannelPlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(identity);
        var spec = plan.Spec;
        var request = new CreateChannelRequest(identity.IvsChannelName, LatencyModeOf(spec), TypeOf(spec), spec.Private, RecordingConfigurationArn: plan.RecordingConfigurationArn, Tags: identity.Tags);
        return (await ivs.CreateChannelAsync(request, cancellationToken)).Channel;
    }

    /// <summary>What the channel has that the plan does not ask for, each in the spec's words (latencyMode Normal).</summary>
    public ResourceDelta Delta(Channel resource, IvsChannelPlan plan, bool specChanged)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        var (channel, spec) = (resource, plan.Spec);
        var changes = new List<string>();
        if (channel.LatencyMode != LatencyModeOf(spec))
        {
            changes.Add($"latencyMode {spec.LatencyMode}");
        }

        if (channel.Type != TypeOf(spec))
        {
            changes.Add($"type {spec.Type}");
        }

        if (channel.Authorized != spec.Private)
        {
            changes.Add(spec.Private ? "private playback" : "public playback");
        }

        if (NullIfEmpty(channel.RecordingConfigurationArn) != plan.RecordingConfigurationArn)
        {
            changes.Add(plan.RecordingConfigurationArn is { } recording ? $"recording with {recording}" : "no recording");
        }

        return new ResourceDelta(changes, specChanged);
    }

    /// <summary>Makes the channel's settings the spec's; a <see cref="ConflictException"/> while the channel is live.</summary>
    public Task<Channel> UpdateAsync(Channel resource, IvsChannelPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        var spec = plan.Spec;

        // An empty ARN is IVS's way of saying "record nothing".
        return ivs.UpdateChannelAsync(new UpdateChannelRequest(resource.Arn, LatencyModeOf(spec), TypeOf(spec), spec.Private, plan.RecordingConfigurationArn ?? ""), cancellationToken);
    }

    /// <summary>The value of the channel's stream key; a channel whose key was deleted outside Airwave gets a new one.</summary>
    public async Task<string> StreamKeyAsync(Channel channel, StreamIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var keys = await ivs.ListStreamKeysAsync(channel.Arn, cancellationToken);
        var key = keys is [var first, ..]
            ? await ivs.GetStreamKeyAsync(first.Arn, cancellationToken)
            : await ivs.CreateStreamKeyAsync(channel.Arn, identity.Tags, cancellationToken);
        return key.Value ?? throw new InvalidOperationException($"IVS gave stream key {key.Arn} of channel {channel.Arn} without its value.");
    }

    /// <summary>
    /// Deletes the channel; true once it is gone. A live channel is not deleted but its broadcast stopped, so that a
    /// later call deletes it.
    /// </summary>
    /// <param name="id">The channel's ARN.</param>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var arn = id;
        try
        {
            await ivs.DeleteChannelAsync(arn, cancellationToken);
            return true;
        }
        catch (AwsNotFoundException)
        {
            return true;
        }
        catch (AwsConflictException)
        {
            await ivs.StopStreamAsync(arn, cancellationToken);
            return false;
        }
    }

    /// <summary>What the channel broadcasts now; null while nothing is pushed into it (IVS's ChannelNotBroadcasting).</summary>
    public Task<Broadcast?> BroadcastAsync(Channel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return ivs.GetStreamAsync(channel.Arn, cancellationToken);
    }

    /// <summary>What a broadcaster is given as server (OBS's "Server"): the channel's RTMPS endpoint without the key.</summary>
    public static string IngestServer(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var endpoint = channel.IngestEndpoint ?? throw new InvalidOperationException($"IVS gave channel {channel.Arn} without its ingest endpoint.");

        // The service's endpoints name a host alone, to be reached on 443; one that names its port keeps it.
        var hasPort = endpoint.LastIndexOf(':') > endpoint.LastIndexOf(']');
        return $"rtmps://{(hasPort ? endpoint : $"{endpoint}:{IngestPort}")}/app/";
    }

    /// <summary>The full push URL with the stream key, as the connector (or any encoder) is given it.</summary>
    public static string IngestUrl(Channel channel, string streamKey) => IngestServer(channel) + streamKey;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string LatencyModeOf(IvsChannelSpec spec) => spec.LatencyMode == IvsLatencyMode.Normal ? "NORMAL" : "LOW";

    private static string TypeOf(IvsChannelSpec spec) => spec.Type switch
    {
        IvsChannelType.Basic => "BASIC",
        IvsChannelType.AdvancedSd => "ADVANCED_SD",
        IvsChannelType.AdvancedHd => "ADVANCED_HD",
        _ => "STANDARD",
    };
}
