using System.Text.Json.Serialization;

namespace Airwave.Events.Payloads;

/// <summary>A pulled source (RTSP, RTMP, HLS or HTTP URL) split as the downstream integration sent it.</summary>
public sealed record ExternalStreamDetails
{
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("protocol")]
    public required string Protocol { get; init; }

    [JsonPropertyName("domain")]
    public required string Domain { get; init; }

    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("is_live")]
    public bool IsLive { get; init; }

    /// <summary>Splits an absolute URL; HLS is recognised by its <c>.m3u8</c> path.</summary>
    public static ExternalStreamDetails FromUrl(Uri url, bool isLive)
    {
        ArgumentNullException.ThrowIfNull(url);
        var protocol = url.AbsolutePath.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) ? "hls" : url.Scheme;
        return new ExternalStreamDetails { Url = url.OriginalString, Protocol = protocol, Domain = url.Host, Path = url.AbsolutePath, IsLive = isLive };
    }
}
