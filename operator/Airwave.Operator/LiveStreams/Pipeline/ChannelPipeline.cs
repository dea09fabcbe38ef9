using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.LiveStreams.Resources;
using Channel = Airwave.Aws.MediaLive.Channel;
using PackageChannel = Airwave.Aws.MediaPackage.Channel;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// What the parts of a stream's MediaLive pipeline found in one pass, each for the parts after it: the input part
/// fills in the input (and what its channel's alerts say of it), packaging the MediaPackage channel and endpoint,
/// the channel part the channel. A part whose predecessor left its piece unset (still being made) waits.
/// </summary>
public sealed class ChannelPipeline
{
    public Input? Input { get; set; }

    /// <summary>What the channel's alerts say is wrong with the input; null when nothing is (or they were not read).</summary>
    public InputProblem? Problem { get; set; }

    public PackageChannel? Package { get; set; }

    public OriginEndpoint? Endpoint { get; set; }

    /// <summary>Changes the parts before found waiting for the channel to stop, which UpdatePending lists while it runs.</summary>
    public List<string> Waiting { get; } = [];

    /// <summary>The channel, once it exists and is not being created.</summary>
    public Channel? Channel { get; set; }

    /// <summary>How long the running channel has gone without video, when the stream has an idle limit (<see cref="IdleStop"/>).</summary>
    public IdleSilence? Silence { get; set; }

    private Task<IReadOnlyList<ChannelAlert>>? _setAlerts;

    /// <summary>The running channel's SET alerts, read once in a pass however many parts ask.</summary>
    public Task<IReadOnlyList<ChannelAlert>> SetAlertsAsync(ChannelManager channels, string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return _setAlerts ??= channels.SetAlertsAsync(channelId, cancellationToken);
    }
}
