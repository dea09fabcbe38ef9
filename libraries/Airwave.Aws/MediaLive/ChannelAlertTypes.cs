namespace Airwave.Aws.MediaLive;

/// <summary>The alert types (ChannelAlert.AlertType) Airwave acts on, worded as MediaLive's channel alerts table has them.</summary>
public static class ChannelAlertTypes
{
    /// <summary>Alert 5008: the channel cannot read a resource its input names, such as a pull input's source.</summary>
    public const string InputResourceUnavailable = "Unable to Access Input Resource";

    /// <summary>A publisher reached an RTMP push input's destination under a stream name that is not the destination's.</summary>
    public const string RtmpStreamNotFound = "RTMP Stream Not Found";
}
