namespace Airwave.Aws.MediaLive;

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
}
