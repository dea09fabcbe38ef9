namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// What one pipeline of a running channel does with its input: listens for the RTMP push on the input destination's
/// port and stream name, or for a pull input fetches its source's URL; when the channel has an archive output group,
/// writes its files to S3; when it has a MediaPackage output group, feeds that MediaPackage channel's live origin,
/// encoded as the group's <see cref="Ladder"/> says (or, without one, as it was pushed).
/// </summary>
/// <param name="Port">A push input destination's port; 0 for a pull input.</param>
/// <param name="AllowedCidrs">The input security group's whitelist, comma-separated (a string, so that plans compare by value).</param>
/// <param name="Pull">A pull input's source; null for a push input.</param>
internal sealed record PipelinePlan(string ChannelId, int Pipeline, int Port, string StreamName, string AllowedCidrs, ArchivePlan? Archive, string? PackageChannelId, PullPlan? Pull = null, VideoLadder? Ladder = null)
{
    public string Key => $"{ChannelId}/{Pipeline}";
}

/// <summary>What a pull input's pipeline fetches: a live source (HLS, RTMP) again whenever it ends, a file (MP4) once.</summary>
internal sealed record PullPlan(string Url, bool Once);

/// <summary>
/// An archive output as MediaLive writes it: <c>{destination}{nameModifier}.{counter:000000}.{extension}</c> in the
/// bucket, a new file every <see cref="RolloverSeconds"/>.
/// </summary>
internal sealed record ArchivePlan(string Bucket, string KeyBase, string NameModifier, string Extension, int RolloverSeconds)
{
    public string KeyOf(int counter, DateTimeOffset started) =>
        $"{KeyBase}{NameModifier.Replace("$dt$", started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}.{counter:D6}.{Extension}";
}
