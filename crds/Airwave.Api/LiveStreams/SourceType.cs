namespace Airwave.Api.LiveStreams;

public enum SourceType
{
    RtmpPush,
    Chime,
    WebRtc,
    Pull,
    S3Upload,
}
