using System.Text.Json.Serialization;
using Airwave.Aws.Http;

namespace Airwave.Aws.MediaLive;

/// <summary>
/// The input types of MediaLive's model; Airwave creates RTMP_PUSH inputs and, for pulled streams, RTMP_PULL, URL_PULL
/// and MP4_FILE ones, and leaves the others alone.
/// </summary>
[JsonConverter(typeof(AwsEnumConverter<InputType>))]
public enum InputType
{
    UdpPush,
    RtpPush,
    RtmpPush,
    RtmpPull,
    UrlPull,
    Mp4File,
    Mediaconnect,
    InputDevice,
    AwsCdi,
    TsFile,
    SrtCaller,
    Multicast,
    [JsonStringEnumMemberName("SMPTE_2110_RECEIVER_GROUP")]
    Smpte2110ReceiverGroup,
    Sdi,
    MediaconnectRouter,
    SrtListener,

    /// <summary>A value this build does not know (AWS added it later); read, never sent.</summary>
    Unknown,
}
