using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Airwave.Aws.Ivs;

/// <summary>
/// Where IVS auto-record puts a broadcast in the recording configuration's bucket, and what it writes there:
/// <c>ivs/v1/{account}/{channel id}/{year}/{month}/{day}/{hour}/{minute}/{recording id}/</c> (the recording's UTC
/// start, without leading zeros), holding <c>events/recording-started.json</c>, then <c>recording-ended.json</c> (or
/// <c>recording-failed.json</c>), and the media under <c>media/hls/</c> and <c>media/thumbnails/</c>.
/// </summary>
public static class IvsRecordingLayout
{
    public const string StartedEvent = "events/recording-started.json";
    public const string EndedEvent = "events/recording-ended.json";
    public const string FailedEvent = "events/recording-failed.json";

    private const string Root = "ivs/v1/";

    /// <summary>Whether an archive folder's key is an IVS recording's prefix.</summary>
    public static bool IsRecording(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith(Root, StringComparison.Ordinal);
    }

    /// <summary>The folder of a channel's recordings that started within the hour of <paramref name="time"/>, ending in '/'.</summary>
    public static string HourFolder(string channelArn, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(channelArn);

        // arn:aws:ivs:{region}:{account}:channel/{id}
        var account = channelArn.Split(':')[4];
        var channelId = Channel.IdOf(channelArn);
        var utc = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{Root}{account}/{channelId}/{utc.Year}/{utc.Month}/{utc.Day}/{utc.Hour}/");
    }
}

/// <summary>The metadata file IVS writes at a recording's start and end (schema v1), as far as Airwave reads it.</summary>
public sealed record IvsRecordingMetadata(
    [property: JsonPropertyName("recording_started_at")] DateTimeOffset RecordingStartedAt,
    [property: JsonPropertyName("recording_ended_at")] DateTimeOffset? RecordingEndedAt,
    [property: JsonPropertyName("channel_arn")] string ChannelArn,
    [property: JsonPropertyName("recording_status")] string RecordingStatus,
    [property: JsonPropertyName("media")] IvsRecordedMedia Media)
{
    public static JsonTypeInfo<IvsRecordingMetadata> JsonType => IvsJson.Default.IvsRecordingMetadata;
}

public sealed record IvsRecordedMedia([property: JsonPropertyName("hls")] IvsRecordedHls Hls);

/// <summary>The recording's HLS: its folder (relative to the recording), its multivariant playlist and its renditions.</summary>
public sealed record IvsRecordedHls(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("playlist")] string Playlist,
    [property: JsonPropertyName("renditions")] IReadOnlyList<IvsRecordedRendition> Renditions);

/// <summary>One rendition: its folder under the HLS folder, its media playlist and its picture size.</summary>
public sealed record IvsRecordedRendition(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("playlist")] string Playlist,
    [property: JsonPropertyName("resolution_width")] int ResolutionWidth,
    [property: JsonPropertyName("resolution_height")] int ResolutionHeight);
