using Airwave.Api.Common;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

[Description("The desired state of a LiveStream.")]
public sealed record LiveStreamSpec
{
    [Description("Free text shown to people; not used by the operator.")]
    [StringLength(1024)]
    public string? Description { get; init; }

    [Description("Running starts the channel (a new recording session); Stopped stops it.")]
    [DefaultValue(StreamState.Stopped)]
    public StreamState State { get; init; } = StreamState.Stopped;

    [Description("Serve this stream through the operator's \"live\" CloudFront distribution.")]
    [DefaultValue(false)]
    public bool Live { get; init; }

    [Description("Where the video comes from.")]
    public required StreamSource Source { get; init; }

    [Description("How the channel encodes the stream.")]
    public StreamEncoding Encoding { get; init; } = new();

    [Description("Recording of each session into S3.")]
    public ArchiveSpec Archive { get; init; } = new();

    [Description("Playback through MediaPackage: start-over window and encryption.")]
    public PlaybackSpec Playback { get; init; } = new();

    [Description("Stop the stream once its input has had no video this long (30m, 1h; at least 1m), since it started or since the last media: the channel is billed while it runs, whether or not anything reaches it. The stream then stays stopped (Ready False, reason IdleStopped) until its spec changes. Unset: the installation's idleStopAfter, off unless it sets one. Streams with a MediaLive channel, WebRtc streams their SFU pods alone carry (no video: no publisher), and Chime streams on IVS (no video: the IVS channel not live; the meeting connector is removed). Not S3Upload streams.")]
    [RegularExpression(Patterns.Duration)]
    public string? IdleStopAfter { get; init; }
}
