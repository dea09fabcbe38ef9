using System.Globalization;
using System.Text;
using Airwave.Operator.ArchiveSplits.Recording;

namespace Airwave.Operator.ArchiveSplits;

/// <summary>An HLS VOD playlist over the archive files a section spans, with their measured durations.</summary>
public static class SectionPlaylist
{
    public static string Write(IReadOnlyList<RecordedSegment> segments, Func<RecordedSegment, string> uriOf)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(uriOf);
        var text = new StringBuilder();
        text.Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{(int)Math.Ceiling(segments.Max(s => s.Duration))}\n");
        text.Append("#EXT-X-MEDIA-SEQUENCE:0\n");
        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0 && segments[i].Discontinuity)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segments[i].Duration:0.000000},\n{uriOf(segments[i])}\n");
        }

        text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }
}
