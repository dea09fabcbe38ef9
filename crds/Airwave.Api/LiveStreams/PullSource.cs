using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record PullSource
{
    [Description("The URL the channel pulls: RTMP (rtmp://, rtmps://), HLS (an http:// or https:// .m3u8) or an MP4 file (an http:// or https:// .mp4). RTSP is refused: MediaLive cannot pull it.")]
    [StringLength(2048)]
    [RegularExpression(@"^(rtsp|rtmp|rtmps|http|https)://[^\s]+$")]
    public required string Url { get; init; }
}
