namespace Airwave.Aws.Ivs;

/// <summary>
/// An Amazon IVS channel: where a broadcaster sends RTMPS (<see cref="IngestEndpoint"/>, with the channel's stream
/// key) and where viewers play it (<see cref="PlaybackUrl"/>, an HLS playlist; signed tokens needed when
/// <see cref="Authorized"/>).
/// </summary>
public sealed record Channel(
    string Arn,
    string? Name,
    string? LatencyMode,
    string? Type,
    bool Authorized,
    string? IngestEndpoint,
    string? PlaybackUrl,
    bool InsecureIngest,
    string? Preset,
    string? RecordingConfigurationArn,
    IReadOnlyDictionary<string, string>? Tags)
{
    /// <summary>
    /// A channel's ID: the last part of its ARN (arn:aws:ivs:{region}:{account}:channel/{id}), which names it in its
    /// recordings' keys, its playback URL and CloudWatch's Channel dimension.
    /// </summary>
    public static string IdOf(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        return arn[(arn.LastIndexOf('/') + 1)..];
    }
}
