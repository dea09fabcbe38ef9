using System.Globalization;
using System.Text.Json;
using Airwave.Aws.Ivs;
using Airwave.Aws.S3;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Operator.LiveStreams.Ivs;

/// <summary>
/// Finds the recording IVS made of a session in the bucket. IVS chooses a recording's prefix when the broadcast
/// starts and tells only EventBridge, so the folders of the channel's recordings are listed from the hour the session
/// began: a few folder listings, never the segments.
/// </summary>
public sealed class IvsRecordingLocator(IAmazonS3 s3)
{
    /// <summary>Hours of folders looked through at most, from the session's start.</summary>
    private const int MaxHours = 3;

    /// <summary>
    /// The first recording of the channel begun between the minutes of <paramref name="since"/> and
    /// <paramref name="until"/> that is not one of <paramref name="taken"/> (other sessions' recordings); null while
    /// there is none.
    /// </summary>
    public async Task<S3Path?> FindAsync(string bucket, string channelArn, DateTimeOffset since, DateTimeOffset until, IReadOnlySet<string> taken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var firstMinute = new DateTimeOffset(since.UtcDateTime.Year, since.UtcDateTime.Month, since.UtcDateTime.Day, since.UtcDateTime.Hour, since.UtcDateTime.Minute, 0, TimeSpan.Zero);
        for (var (hour, step) = (firstMinute.AddMinutes(-firstMinute.Minute), 0); hour <= until && step < MaxHours; (hour, step) = (hour.AddHours(1), step + 1))
        {
            var minutes = (await FoldersAsync(bucket, IvsRecordingLayout.HourFolder(channelArn, hour), cancellationToken))
                .Select(folder => (Folder: folder, Minute: MinuteOf(folder)))
                .Where(m => m.Minute is not null && hour.AddMinutes(m.Minute.Value) >= firstMinute && hour.AddMinutes(m.Minute.Value) <= until)
                .OrderBy(m => m.Minute);
            foreach (var (minute, _) in minutes)
            {
                var recordings = (await FoldersAsync(bucket, minute, cancellationToken)).Select(f => new S3Path(bucket, f.TrimEnd('/'))).Where(r => !taken.Contains(r.ToString())).ToList();
                if (recordings.Count > 0)
                {
                    return recordings.Count == 1 ? recordings[0] : await EarliestAsync(recordings, cancellationToken);
                }
            }
        }

        return null;
    }

    /// <summary>Of several recordings begun within one minute, the one that started first, as their metadata says.</summary>
    private async Task<S3Path> EarliestAsync(List<S3Path> recordings, CancellationToken cancellationToken)
    {
        var started = new List<(S3Path Recording, DateTimeOffset At)>();
        foreach (var recording in recordings)
        {
            using var response = await s3.GetObjectAsync(recording.Bucket, $"{recording.Key}/{IvsRecordingLayout.StartedEvent}", cancellationToken);
            var metadata = await JsonSerializer.DeserializeAsync(response.ResponseStream, IvsRecordingMetadata.JsonType, cancellationToken);
            started.Add((recording, metadata?.RecordingStartedAt ?? DateTimeOffset.MaxValue));
        }

        return started.MinBy(s => s.At).Recording;
    }

    /// <summary>The folders directly under <paramref name="prefix"/>, each ending in '/'.</summary>
    private async Task<List<string>> FoldersAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var folders = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, Delimiter = "/" };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken);
            folders.AddRange(response.CommonPrefixes ?? []);
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return folders;
    }

    /// <summary>The minute of a ".../{hour}/{minute}/" folder.</summary>
    private static int? MinuteOf(string folder)
    {
        var name = folder.TrimEnd('/');
        return int.TryParse(name.AsSpan(name.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minute) ? minute : null;
    }
}
