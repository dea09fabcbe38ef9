using System.Globalization;
using System.Text;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws.MediaPackage.Encryption;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// The HLS playlist an origin endpoint serves, made from the segments its channel holds: the last
/// playlistWindowSeconds live, or, on an endpoint with a start-over window, the span a viewer asks for with
/// <c>?start=</c> and <c>?end=</c> (epoch seconds or ISO 8601), ended when that span is over.
/// </summary>
internal static class OriginPlaylist
{
    private const int DefaultPlaylistWindowSeconds = 60;

    internal sealed record Segment(long Sequence, double Duration, DateTimeOffset Time, string Uri, bool Discontinuity)
    {
        public DateTimeOffset End => Time.AddSeconds(Duration);
    }

    /// <summary>
    /// The segments of a media playlist, with the times its program-date-time tags give them; a playlist without
    /// them (an encoder may omit them) is taken to end when it was written.
    /// </summary>
    public static IReadOnlyList<Segment> Parse(string text, DateTimeOffset writtenAt)
    {
        var segments = new List<Segment>();
        long sequence = 0;
        double duration = 0;
        DateTimeOffset? time = null;
        var discontinuity = false;
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            {
                sequence = long.Parse(line["#EXT-X-MEDIA-SEQUENCE:".Length..], CultureInfo.InvariantCulture);
            }
            else if (line == "#EXT-X-DISCONTINUITY")
            {
                discontinuity = true;
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                duration = double.Parse(line["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            {
                time = ParseTime(line["#EXT-X-PROGRAM-DATE-TIME:".Length..]);
            }
            else if (!line.StartsWith('#'))
            {
                var start = time ?? (segments.Count > 0 ? segments[^1].End : DateTimeOffset.MinValue);
                segments.Add(new Segment(sequence++, duration, start, line, discontinuity));
                (time, discontinuity) = (null, false);
            }
        }
        if (segments.Count > 0 && segments[0].Time == DateTimeOffset.MinValue)
        {
            var end = writtenAt;
            for (var i = segments.Count - 1; i >= 0; i--)
            {
                end = end.AddSeconds(-segments[i].Duration);
                segments[i] = segments[i] with { Time = end };
            }
        }
        return segments;
    }

    /// <summary>
    /// The playlist for one request; null when there is nothing to play (MediaPackage answers 404). With
    /// <paramref name="keys"/> (each segment's, by sequence number), a key tag goes before the first segment and each
    /// segment whose key differs from the one before it, or before every segment with <paramref name="repeatKey"/>.
    /// </summary>
    public static string? Build(IReadOnlyList<Segment> all, OriginEndpoint endpoint, DateTimeOffset now, string? startParameter, string? endParameter, IReadOnlyDictionary<long, ContentKey>? keys = null, bool repeatKey = false)
    {
        var window = endpoint.HlsPackage?.PlaylistWindowSeconds ?? DefaultPlaylistWindowSeconds;
        var startover = endpoint.StartoverWindowSeconds ?? 0;
        var retained = Retained(all, endpoint, now);
        List<Segment> chosen;
        var ended = false;
        if (startover > 0 && TryParseTime(startParameter, out var start))
        {
            var end = TryParseTime(endParameter, out var requestedEnd) ? requestedEnd : (DateTimeOffset?)null;
            chosen = [.. retained.Where(s => s.End > start && (end is null || s.Time < end))];
            ended = end is not null && end <= now;
        }
        else
        {
            var live = new List<Segment>();
            var total = 0.0;
            foreach (var segment in retained.Reverse())
            {
                if (live.Count > 0 && total + segment.Duration > window)
                {
                    break;
                }
                live.Insert(0, segment);
                total += segment.Duration;
            }
            chosen = live;
        }
        if (chosen.Count == 0)
        {
            return null;
        }

        var playlist = new StringBuilder()
            .Append("#EXTM3U\n")
            // KEYFORMAT in a key tag needs version 5.
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-VERSION:{(keys is not null && keys.Values.Any(k => k.KeyFormat is not null) ? 5 : 3)}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{(int)Math.Ceiling(chosen.Max(s => s.Duration))}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{chosen[0].Sequence}\n");
        for (var i = 0; i < chosen.Count; i++)
        {
            var segment = chosen[i];
            if (segment.Discontinuity && i > 0)
            {
                playlist.Append("#EXT-X-DISCONTINUITY\n");
            }

            if (keys is not null && (i == 0 || repeatKey || keys[segment.Sequence] != keys[chosen[i - 1].Sequence]))
            {
                playlist.Append(keys[segment.Sequence].Tag(endpoint.HlsPackage?.Encryption?.EncryptionMethod)).Append('\n');
            }
            playlist
                .Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{segment.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\n")
                .Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.Duration:0.000},\n")
                .Append(segment.Uri).Append('\n');
        }
        if (ended)
        {
            playlist.Append("#EXT-X-ENDLIST\n");
        }
        return playlist.ToString();
    }

    /// <summary>
    /// A master playlist of a ladder's renditions, highest first, each named as MediaPackage names them
    /// (<c>{manifest}_1.m3u8</c> …) with the request's query (a start-over span) carried on.
    /// </summary>
    public static string Master(IReadOnlyList<LiveVariant> variants, string manifest, string? query)
    {
        var playlist = new StringBuilder().Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            playlist.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={variant.Bandwidth}");
            if (variant is { Width: { } width, Height: { } height })
            {
                playlist.Append(CultureInfo.InvariantCulture, $",RESOLUTION={width}x{height}");
            }

            playlist.Append(CultureInfo.InvariantCulture, $"\n{manifest}_{i + 1}.m3u8{query}\n");
        }

        return playlist.ToString();
    }

    /// <summary>The segments still served: those within the start-over window, or the playlist window when there is none.</summary>
    public static IEnumerable<Segment> Retained(IReadOnlyList<Segment> all, OriginEndpoint endpoint, DateTimeOffset now)
    {
        var keep = Math.Max(endpoint.StartoverWindowSeconds ?? 0, endpoint.HlsPackage?.PlaylistWindowSeconds ?? DefaultPlaylistWindowSeconds);
        return all.Where(s => s.End >= now.AddSeconds(-keep));
    }

    private static bool TryParseTime(string? value, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            time = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    /// <summary>ffmpeg writes offsets without a colon (<c>+0000</c>).</summary>
    private static DateTimeOffset ParseTime(string value)
    {
        if (value.Length > 5 && (value[^5] is '+' or '-') && char.IsAsciiDigit(value[^1]))
        {
            value = value[..^2] + ":" + value[^2..];
        }
        return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
