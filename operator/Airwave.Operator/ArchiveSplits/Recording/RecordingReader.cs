using System.Globalization;
using Airwave.Aws.Ivs;
using Airwave.Aws.S3;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Operator.ArchiveSplits.Recording;

/// <summary>
/// Finds a session's archive files in S3 (in the session's folder, or its pipeline-0 folder for a standard channel,
/// whose two pipelines record the same; MediaLive names them index{modifier}.{counter}.ts, the counter counting the
/// files of a run) and measures each from its first and last kilobytes, so a long recording costs a few small reads
/// per file, never a download. A recording IVS made is read the way IVS lays it out (<see cref="IvsRecordingReader"/>).
/// </summary>
public sealed class RecordingReader(IAmazonS3 s3, IvsRecordingReader ivs)
{
    /// <summary>Enough packets to hold several frames' timestamps at any bitrate MediaLive archives.</summary>
    private const int ProbeBytes = 256 * 1024;

    /// <summary>A file whose media starts further than this from where the previous one ended is a new run of the push.</summary>
    private const double GapTolerance = 0.5;

    /// <summary>Whether the recording may be cut: IVS finishes one some time after its broadcast; MediaLive's files are complete once the session stopped.</summary>
    public Task<bool> IsCompleteAsync(S3Path archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return IvsRecordingLayout.IsRecording(archive.Key) ? ivs.IsCompleteAsync(archive, cancellationToken) : Task.FromResult(true);
    }

    /// <param name="archive">The session's archive folder (status.sessions[].archivePath of the stream).</param>
    public async Task<Recording> ReadAsync(S3Path archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (IvsRecordingLayout.IsRecording(archive.Key))
        {
            return await ivs.ReadAsync(archive, cancellationToken);
        }

        var files = await ListAsync(archive, cancellationToken);
        var measured = new List<(string Key, double MediaStart, double Duration)>();
        foreach (var file in files)
        {
            var head = await ReadRangeAsync(archive.Bucket, file.Key, 0, Math.Min(file.Size ?? 0, ProbeBytes), cancellationToken);
            var tailStart = Math.Max(0, (file.Size ?? 0) - ProbeBytes);
            var tail = tailStart == 0 ? head : await ReadRangeAsync(archive.Bucket, file.Key, tailStart, (file.Size ?? 0) - tailStart, cancellationToken);
            // An empty or unreadable file adds nothing to the timeline.
            if (TransportStreamTiming.Measure(head, tail) is { Duration: > 0 } timing)
            {
                measured.Add((file.Key, timing.Start, timing.Duration));
            }
        }

        return new Recording(archive.Bucket, LayOut(measured));
    }

    /// <summary>
    /// Places the files end to end. Within one run the clock is continuous, so a file starts where its first
    /// timestamp says, relative to the run's first, which is where a player (or ffmpeg) reading the files in a row
    /// finds it; a file that does not continue the previous one's clock starts where that one ends.
    /// </summary>
    private static List<RecordedSegment> LayOut(List<(string Key, double MediaStart, double Duration)> files)
    {
        var segments = new List<RecordedSegment>();
        for (var i = 0; i < files.Count; i++)
        {
            var (key, mediaStart, duration) = files[i];
            var continuesPrevious = i > 0 && Math.Abs(mediaStart - (files[i - 1].MediaStart + files[i - 1].Duration)) <= GapTolerance;
            var start = i == 0 ? 0
                : continuesPrevious ? segments[i - 1].Start + (mediaStart - files[i - 1].MediaStart)
                : segments[i - 1].Start + segments[i - 1].Duration;
            if (continuesPrevious)
            {
                // The previous file lasts until this one starts: its measured end stops at its last video frame.
                segments[i - 1] = segments[i - 1] with { Duration = start - segments[i - 1].Start };
            }

            segments.Add(new RecordedSegment(key, start, duration, Discontinuity: i > 0 && !continuesPrevious));
        }

        return segments;
    }

    private async Task<List<S3Object>> ListAsync(S3Path archive, CancellationToken cancellationToken)
    {
        var folder = archive.AsFolder;
        var files = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = archive.Bucket, Prefix = folder };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken);
            files.AddRange((response.S3Objects ?? []).Where(o => o.Key.EndsWith(".ts", StringComparison.Ordinal) && Counter(o.Key) >= 0));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        // Files in the folder itself, or else in pipeline-0's; files in other folders under it (clips, say) are not the recording.
        var direct = files.Where(o => !o.Key[folder.Length..].Contains('/', StringComparison.Ordinal)).ToList();
        var recorded = direct.Count > 0 ? direct : files.Where(o => o.Key[folder.Length..].StartsWith(PrimaryPipeline, StringComparison.Ordinal) && !o.Key[(folder.Length + PrimaryPipeline.Length)..].Contains('/', StringComparison.Ordinal)).ToList();
        return [.. recorded.OrderBy(o => Counter(o.Key)).ThenBy(o => o.Key, StringComparer.Ordinal)];
    }

    private const string PrimaryPipeline = "pipeline-0/";

    /// <summary>The file counter before the extension (…000042.ts), or -1.</summary>
    private static long Counter(string key)
    {
        var stem = key[..^".ts".Length];
        var dot = stem.LastIndexOf('.');
        return dot >= 0 && long.TryParse(stem.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var counter) ? counter : -1;
    }

    private async Task<byte[]> ReadRangeAsync(string bucket, string key, long start, long length, CancellationToken cancellationToken)
    {
        if (length <= 0)
        {
            return [];
        }

        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(start, start + length - 1) }, cancellationToken);
        using var buffer = new MemoryStream((int)length);
        await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
