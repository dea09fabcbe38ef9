using System.Globalization;
using System.Net;
using System.Text.Json;
using Airwave.Aws.Ivs;
using Airwave.Aws.S3;
using Amazon.S3;

namespace Airwave.Operator.ArchiveSplits.Recording;

/// <summary>
/// Reads a recording IVS made (<see cref="IvsRecordingLayout"/>): complete once IVS wrote its end (or failure)
/// metadata, which names the renditions; the one with the most lines is read from its media playlist, whose
/// durations and discontinuities place each segment on the timeline without reading the segments.
/// </summary>
public sealed class IvsRecordingReader(IAmazonS3 s3)
{
    public async Task<bool> IsCompleteAsync(S3Path recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return await EndMetadataAsync(recording, cancellationToken) is not null;
    }

    /// <summary>The recording's segments, end to end; none while IVS has not finished it.</summary>
    public async Task<Recording> ReadAsync(S3Path recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (await EndMetadataAsync(recording, cancellationToken) is not { } metadata || metadata.Media.Hls.Renditions.MaxBy(r => r.ResolutionHeight) is not { } rendition)
        {
            return new Recording(recording.Bucket, []);
        }

        var folder = $"{recording.AsFolder}{metadata.Media.Hls.Path}/{rendition.Path}/";
        using var response = await s3.GetObjectAsync(recording.Bucket, folder + rendition.Playlist, cancellationToken);
        using var reader = new StreamReader(response.ResponseStream);
        return new Recording(recording.Bucket, Segments(await reader.ReadToEndAsync(cancellationToken), folder));
    }

    /// <summary>The segments of a media playlist, each from where the one before ended.</summary>
    private static List<RecordedSegment> Segments(string playlist, string folder)
    {
        var segments = new List<RecordedSegment>();
        var (start, duration, discontinuity) = (0.0, 0.0, false);
        foreach (var line in playlist.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line == "#EXT-X-DISCONTINUITY")
            {
                discontinuity = segments.Count > 0;
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                duration = double.Parse(line["#EXTINF:".Length..].Split(',')[0], CultureInfo.InvariantCulture);
            }
            else if (!line.StartsWith('#'))
            {
                segments.Add(new RecordedSegment(folder + line, start, duration, discontinuity));
                (start, discontinuity) = (start + duration, false);
            }
        }

        return segments;
    }

    /// <summary>What IVS wrote when the recording ended (or failed); null while it has not.</summary>
    private async Task<IvsRecordingMetadata?> EndMetadataAsync(S3Path recording, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { IvsRecordingLayout.EndedEvent, IvsRecordingLayout.FailedEvent })
        {
            try
            {
                using var response = await s3.GetObjectAsync(recording.Bucket, recording.AsFolder + name, cancellationToken);
                return await JsonSerializer.DeserializeAsync(response.ResponseStream, IvsRecordingMetadata.JsonType, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Not written (yet): try the other one.
            }
        }

        return null;
    }
}
