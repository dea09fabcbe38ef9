using Airwave.Aws.Ivs;
using Airwave.Sandbox.Aws.Media;
using Airwave.Sandbox.Aws.S3;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// Records one channel's broadcasts while the channel names an active recording configuration, as IVS auto-records:
/// a recording opens when the channel goes live, takes each segment of the live HLS as the ingest writes it, goes on
/// across a reconnection within the configuration's reconnect window, and ends once the broadcast has been away
/// longer than that (or the channel's ingest goes).
/// </summary>
internal sealed class IvsRecorder(string channelArn, string accountId, S3Store s3, TimeProvider time, TextWriter log)
{
    private IvsRecording? _open;
    private long _taken = -1;
    private DateTimeOffset? _awaySince;
    private int _runsEndedWhenLive;

    /// <summary>Looks at the channel's ingest once: opens, feeds or ends the recording.</summary>
    /// <param name="configuration">The recording configuration the channel names now; null when it names none.</param>
    public async Task TickAsync(IngestPipeline pipeline, bool live, RecordingConfiguration? configuration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (live)
        {
            _awaySince = null;
            _runsEndedWhenLive = pipeline.EndedRuns;
            if (_open is null && configuration is { State: "ACTIVE" } && pipeline.Relay?.RelayingSince is { } since)
            {
                _open = new IvsRecording(channelArn, configuration, accountId, s3, now, log);
                SkipOlderThan(pipeline, since);
            }
        }

        if (_open is null)
        {
            return;
        }

        // Read before the segments are taken: a push whose run has ended has written its last segment.
        var pushEnded = pipeline.EndedRuns > _runsEndedWhenLive;
        await TakeAsync(pipeline, cancellationToken);
        if (!live)
        {
            _awaySince ??= now;
            if (pushEnded && now - _awaySince >= _open.ReconnectWindow)
            {
                End(now);
            }
        }
    }

    /// <summary>Ends an open recording, as IVS does when the channel's broadcast can no longer come back.</summary>
    public void End(DateTimeOffset endedAt)
    {
        _open?.End(endedAt);
        _open = null;
    }

    private async Task TakeAsync(IngestPipeline pipeline, CancellationToken cancellationToken)
    {
        foreach (var segment in Segments(pipeline).Where(s => s.Segment.Sequence > _taken))
        {
            if (File.Exists(segment.File))
            {
                await _open!.AddAsync(segment.File, segment.Segment.Duration, segment.Segment.Discontinuity, cancellationToken);
            }

            _taken = segment.Segment.Sequence;
        }
    }

    /// <summary>Passes over what the live playlist still holds of earlier pushes: a recording starts with its broadcast.</summary>
    private void SkipOlderThan(IngestPipeline pipeline, DateTimeOffset since)
    {
        foreach (var segment in Segments(pipeline).Where(s => s.Segment.Sequence > _taken && File.Exists(s.File) && File.GetLastWriteTimeUtc(s.File) < since.UtcDateTime))
        {
            _taken = segment.Segment.Sequence;
        }
    }

    private IEnumerable<(OriginPlaylist.Segment Segment, string File)> Segments(IngestPipeline pipeline)
    {
        if (pipeline.LivePlaylist is not { } playlist || !File.Exists(playlist))
        {
            return [];
        }

        var directory = Path.GetDirectoryName(playlist)!;
        return OriginPlaylist.Parse(File.ReadAllText(playlist), time.GetUtcNow()).Select(s => (s, Path.Combine(directory, s.Uri)));
    }
}
