using System.Globalization;

namespace Airwave.Sfu.Forwarding;

/// <summary>
/// Where the engine forwards the publisher's RTP for ffmpeg, and how ffmpeg is told: an SDP naming the loopback
/// address and ports and the payload types the engine rewrites the packets to (a publisher's own numbers differ by client).
/// </summary>
public sealed record ForwardedMedia(string Address, int FirstPort, string VideoCodec)
{
    public const int AudioPayloadType = 111;
    public const int VideoPayloadType = 96;

    public int AudioPort => FirstPort;

    /// <summary>After audio's RTP port and the RTCP port ffmpeg takes next to it.</summary>
    public int VideoPort => FirstPort + 2;

    public string Sdp()
    {
        var video = VideoCodec == "H264"
            ? $"a=rtpmap:{VideoPayloadType} H264/90000\r\na=fmtp:{VideoPayloadType} packetization-mode=1\r\n"
            : $"a=rtpmap:{VideoPayloadType} VP8/90000\r\n";
        return string.Create(CultureInfo.InvariantCulture, $"v=0\r\no=- 0 0 IN IP4 {Address}\r\ns=airwave-forward\r\nc=IN IP4 {Address}\r\nt=0 0\r\n"
            + $"m=audio {AudioPort} RTP/AVP {AudioPayloadType}\r\na=rtpmap:{AudioPayloadType} opus/48000/2\r\n"
            + $"m=video {VideoPort} RTP/AVP {VideoPayloadType}\r\n{video}");
    }
}
