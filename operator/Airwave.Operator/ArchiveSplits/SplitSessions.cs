using Airwave.Api.ArchiveSplits;
using Airwave.Api.LiveStreams;
using Airwave.Aws.S3;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Operator.ArchiveSplits.Recording;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.ArchiveSplits;

/// <summary>Why a split cannot be cut now: it waits (and is looked at again after <see cref="RetryAfter"/>), or, with no retry, it is blocked until its spec changes.</summary>
public sealed record SplitHold(string Reason, string Message, TimeSpan? RetryAfter);

/// <summary>The recording a split cuts (<see cref="Archive"/>), or why it cannot yet (<see cref="Hold"/>); the session's archivePath once it is known.</summary>
public sealed record SessionRecording(S3Path? Archive, string? ArchivePath, SplitHold? Hold);

/// <summary>
/// Finds the recording of the session a split names, from its stream's status, once the session has ended and its
/// recording is complete; remembered in the split's status, so a split whose stream is deleted meanwhile (which ends
/// the session) still cuts it.
/// </summary>
public sealed class SplitSessions(Informer<LiveStream> streams, RecordingReader recordings, OperatorOptions options)
{
    /// <param name="remembered">The archivePath the split's status keeps from an earlier look.</param>
    public async Task<SessionRecording> FindAsync(ArchiveSplit split, string? remembered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        var spec = split.Spec;
        var streamName = spec.StreamRef.Name;
        var stream = streams.Cache.Get(new ObjectKey(split.Metadata.Namespace, streamName));
        if (stream is null && S3Path.Parse(remembered) is { } rememberedArchive)
        {
            // The stream was deleted after the split found its session: the deletion stopped the channel, and with it
            // the recording, so what is in S3 is (or soon will be) all there is.
            return await CompleteAsync(rememberedArchive, remembered!, $"The recording at {rememberedArchive}", cancellationToken);
        }

        if (stream is null)
        {
            return Hold("StreamNotFound", $"LiveStream {streamName} does not exist in namespace {split.Metadata.Namespace}.", options.ResyncInterval);
        }

        var session = stream.Status?.Sessions.FirstOrDefault(s => s.Id == spec.SessionId);
        if (session is null)
        {
            var sessions = stream.Status?.Sessions ?? [];
            var known = sessions.Count == 0 ? "it has none yet" : "its sessions are " + string.Join(", ", sessions.Select(s => s.Id));
            return Hold("SessionNotFound", $"LiveStream {streamName} has no session {spec.SessionId}: {known}.", retryAfter: null);
        }

        // A running session may not name its recording yet (IVS chooses where once the broadcast has begun).
        if (session.StoppedAt is null)
        {
            return Hold("SessionRecording", $"Session {session.Id} of LiveStream {streamName} is still recording; the sections are cut once the stream stops (or is deleted).", options.PollInterval) with { ArchivePath = session.ArchivePath };
        }

        if (S3Path.Parse(session.ArchivePath) is not { } archive)
        {
            return Hold("NotRecorded", $"Session {session.Id} of LiveStream {streamName} was not recorded (its spec.archive.enabled was false).", retryAfter: null);
        }

        return await CompleteAsync(archive, session.ArchivePath!, $"Session {session.Id} of LiveStream {streamName}", cancellationToken);
    }

    /// <summary>The recording, once whoever writes it has finished (IVS finishes a recording some time after the broadcast).</summary>
    private async Task<SessionRecording> CompleteAsync(S3Path archive, string archivePath, string what, CancellationToken cancellationToken) =>
        await recordings.IsCompleteAsync(archive, cancellationToken)
            ? new SessionRecording(archive, archivePath, null)
            : Hold("SessionRecording", $"{what} is still being written (IVS ends a recording once the broadcast has been away for its reconnect window); the sections are cut once it is complete.", options.PollInterval) with { ArchivePath = archivePath };

    private static SessionRecording Hold(string reason, string message, TimeSpan? retryAfter) =>
        new(null, null, new SplitHold(reason, message, retryAfter));
}
