namespace Airwave.Operator.ArchiveSplits.Recording;

/// <summary>One archived file of a session, placed on the session's timeline (seconds from its start).</summary>
/// <param name="Discontinuity">Its media does not continue the previous file's (the publisher reconnected).</param>
public sealed record RecordedSegment(string Key, double Start, double Duration, bool Discontinuity);

/// <summary>A session's recording: its archive files in order, end to end.</summary>
public sealed record Recording(string Bucket, IReadOnlyList<RecordedSegment> Segments)
{
    public double Length => Segments.Count == 0 ? 0 : Segments[^1].Start + Segments[^1].Duration;
}
