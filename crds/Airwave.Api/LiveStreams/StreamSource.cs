using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

[Description("The source of the stream; set the field that matches type.")]
public sealed record StreamSource
{
    [Description("RtmpPush: an encoder pushes RTMP to the ingest URLs. Chime: a connector pod streams a Chime meeting. WebRtc: a browser or encoder publishes over WHIP into SFU pods that viewers watch over WHEP; with spec.archive.enabled or spec.live the pods also push it into a MediaLive channel, which records and packages it as for RtmpPush. Pull: the channel pulls a URL. S3Upload: an app records HLS itself and uploads it to S3 with short-lived credentials the operator writes into the ingest Secret, under the session's archive prefix.")]
    [DefaultValue(SourceType.RtmpPush)]
    public SourceType Type { get; init; } = SourceType.RtmpPush;

    public RtmpPushSource? RtmpPush { get; init; }

    public ChimeSource? Chime { get; init; }

    public WebRtcSource? WebRtc { get; init; }

    public PullSource? Pull { get; init; }

    public S3UploadSource? S3Upload { get; init; }
}
