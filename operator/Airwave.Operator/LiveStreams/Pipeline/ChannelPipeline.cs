using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.Resources;
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
    /// <summary>
    /// Whether this pass follows a pass of the same spec on the way to where it asks (see
    /// <see cref="PipelineReads.Begin"/>): what the ingest Secret should hold is then written only when it changed.
    /// </summary>
    public bool InTransition { get; set; }

    /// <summary>What the pass can take from the last full pass instead of reading it again.</summary>
    public RememberedReads Remembered { get; set; } = new(DateTimeOffset.MinValue);

    public InputSecurityGroup? SecurityGroup { get; set; }

    public Input? Input { get; set; }

    /// <summary>What the channel's alerts say is wrong with the input; null when nothing is (or they were not read).</summary>
    public InputProblem? Problem { get; set; }

    public PackageChannel? Package { get; set; }

    public OriginEndpoint? Endpoint { get; set; }

    /// <summary>Changes the parts before found waiting for the channel to stop, which UpdatePending lists while it runs.</summary>
    public List<string> Waiting { get; } = [];

    /// <summary>The channel, once it exists and is not being created.</summary>
    public Channel? Channel { get; set; }
}

/// <summary>What <see cref="PipelineReads.RememberedAsync"/> found or vouched for, and when what it vouches for was last read.</summary>
public sealed record RememberedReads(
    DateTimeOffset At,
    Observed<Channel>? Channel = null,
    Observed<Input>? Input = null,
    Observed<InputSecurityGroup>? SecurityGroup = null,
    Observed<PackageChannel>? PackageChannel = null,
    Observed<OriginEndpoint>? Endpoint = null);
