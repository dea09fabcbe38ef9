using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record PullSource
{
    [Description("The RTSP, RTMP, HLS or HTTP URL the channel pulls.")]
    [MaxLength(2048)]
    [RegularExpression(@"^(rtsp|rtmp|rtmps|http|https)://[^\s]+$")]
    public required string Url { get; init; }
}
