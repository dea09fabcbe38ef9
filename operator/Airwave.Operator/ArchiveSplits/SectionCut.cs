using Airwave.Api.ArchiveSplits;
using Airwave.Operator.ArchiveSplits.Recording;

namespace Airwave.Operator.ArchiveSplits;

/// <summary>
/// How one section is cut from a recording: the files it spans and where, in the first of them, the clip begins.
/// The end is the requested one, or the recording's when the request runs past it.
/// </summary>
public sealed record SectionCut(int Index, double Start, double End, IReadOnlyList<RecordedSegment> Segments)
{
    public double Length => End - Start;

    /// <summary>Where the clip starts within the playlist of <see cref="Segments"/>.</summary>
    public double Offset => Start - Segments[0].Start;

    /// <summary>The clip's number in its file name: the old API counted from 1.</summary>
    public int Number => Index + 1;

    /// <returns>The cut, or null when the section starts at or after the recording's end.</returns>
    public static SectionCut? Plan(Recording.Recording recording, ArchiveSection section, int index)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(section);
        var end = Math.Min(section.End, recording.Length);
        if (section.Start >= end)
        {
            return null;
        }

        var spanned = recording.Segments.Where(s => s.Start < end && s.Start + s.Duration > section.Start).ToList();
        return new SectionCut(index, section.Start, end, spanned);
    }
}
