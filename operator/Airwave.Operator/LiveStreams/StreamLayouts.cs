using Airwave.Api.LiveStreams;
using Airwave.Operator.LiveStreams.Connector;
using Airwave.Operator.LiveStreams.Encryption;
using Airwave.Operator.LiveStreams.Ivs;
using Airwave.Operator.LiveStreams.Pipeline;
using Airwave.Operator.LiveStreams.Sfu;
using Airwave.Operator.LiveStreams.Uploads;

namespace Airwave.Operator.LiveStreams;

/// <summary>How media reaches a stream's MediaLive input: it decides the input's allow-list, its alerts and its key.</summary>
public enum MediaIngest
{
    /// <summary>No MediaLive input.</summary>
    None,

    /// <summary>The user's encoders push RTMP from the addresses spec.source.rtmpPush allows, with the stream key.</summary>
    Encoders,

    /// <summary>The channel pulls spec.source.pull.url: no key, no allow-list, no Secret.</summary>
    Pulled,

    /// <summary>The stream's SFU pods push the WebRTC publisher's media, from the cluster's addresses.</summary>
    SfuPods,

    /// <summary>The stream's meeting connector pushes the meeting, from the cluster's addresses.</summary>
    Connector,
}

/// <summary>
/// A row of <see cref="StreamLayouts"/>: the parts a stream has, in the order a reconcile runs them (teardown runs them
/// in reverse), how media reaches its input, and whether a settled stream's resync may look at less than all of them.
/// </summary>
public sealed record StreamLayout(IReadOnlyList<IStreamPart> Parts, MediaIngest Ingest = MediaIngest.None, bool QuickResync = false);

/// <summary>
/// The one place that knows what each kind of source is made of. A stream follows the row of its source type (and,
/// for a Chime stream, its target; for a WebRtc stream, whether its media also goes through a channel); everything
/// else asks its row.
/// </summary>
public sealed class StreamLayouts(
    InputPart input,
    PackagingPart packaging,
    IngestSecretPart ingestSecret,
    ChannelPart channel,
    LiveOriginPart liveOrigin,
    IvsRecordingPart ivsRecording,
    IvsChannelPart ivsChannel,
    ConnectorPart connector,
    SfuStreamPart sfuStream,
    SfuForwardingPart sfuForwarding,
    UploadCredentialsPart uploadCredentials,
    UploadPlaybackPart uploadPlayback,
    EncryptionPart encryption)
{
    private readonly StreamLayout _rtmpPush = new([input, packaging, ingestSecret, channel, encryption, liveOrigin], MediaIngest.Encoders, QuickResync: true);
    private readonly StreamLayout _pull = new([input, packaging, channel, encryption, liveOrigin], MediaIngest.Pulled);
    private readonly StreamLayout _webRtcRecorded = new([input, packaging, ingestSecret, channel, encryption, liveOrigin, sfuForwarding], MediaIngest.SfuPods);
    private readonly StreamLayout _webRtc = new([sfuStream]);
    private readonly StreamLayout _chimeOnIvs = new([ivsRecording, ivsChannel, connector]);
    private readonly StreamLayout _chime = new([input, packaging, ingestSecret, channel, encryption, liveOrigin, connector], MediaIngest.Connector);
    private readonly StreamLayout _s3Upload = new([uploadCredentials, uploadPlayback]);

    public StreamLayout For(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Spec.Source.Type switch
        {
            SourceType.RtmpPush => _rtmpPush,
            SourceType.Pull => _pull,
            SourceType.WebRtc when HasChannel(stream) => _webRtcRecorded,
            SourceType.WebRtc => _webRtc,
            SourceType.Chime when RunsOnIvs(stream) => _chimeOnIvs,
            SourceType.Chime => _chime,
            SourceType.S3Upload => _s3Upload,
            var other => throw new InvalidOperationException($"No layout for source type {other}."),
        };
    }

    /// <summary>
    /// Whether a WebRtc stream's media also goes through a channel (recorded, packaged, or served live). A stream that
    /// has AWS resources keeps them until it is deleted, so turning the archive off later never leaves a channel
    /// behind unmanaged.
    /// </summary>
    private static bool HasChannel(LiveStream stream) =>
        stream.Spec.Archive.Enabled || stream.Spec.Live || stream.Status?.Aws is not null;

    /// <summary>
    /// Whether a Chime stream broadcasts through IVS: what it was made with once it has a channel (its target is fixed
    /// then), else what its spec asks.
    /// </summary>
    private static bool RunsOnIvs(LiveStream stream) =>
        stream.Status?.Ivs is not null
        || (stream.Status?.Aws is null && stream.Spec.Source.Chime?.Target == ChimeTarget.Ivs);
}
