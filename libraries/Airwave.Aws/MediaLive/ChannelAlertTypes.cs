namespace Airwave.Aws.MediaLive;

/// <summary>The alert types (ChannelAlert.AlertType) Airwave acts on, worded as MediaLive's channel alerts table has them.</summary>
public static class ChannelAlertTypes
{
    /// <summary>Alert 5008: the channel cannot read a resource its input names, such as a pull input's source.</summary>
    public const string InputResourceUnavailable = "Unable to Access Input Resource";

    /// <summary>
    /// Alert 5201: the channel has no video to decode, because the active input is unavailable (nothing pushed, or a
    /// source that stopped) or holds no video. Set from the channel's start until media arrives, and again when it stops.
    /// </summary>
    public const string VideoNotDetected = "Video Not Detected";

    /// <summary>A publisher reached an RTMP push input's destination under a stream name that is not the destination's.</summary>
    public const string RtmpStreamNotFound = "RTMP Stream Not Found";
}
