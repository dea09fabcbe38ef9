using System.Security.Cryptography;
using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.Events;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// A stream's sessions, one per start, as status lists them: the part that starts a stream begins one, and every
/// part that stops it ends the current one the same way.
/// </summary>
public static class StreamSessions
{
    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>Records a new current session in the draft; its Event and announcement are the caller's.</summary>
    public static StreamSession Begin(StreamPass pass, string? archivePath, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var session = new StreamSession { Id = id ?? NewId(), StartedAt = pass.Now, ArchivePath = archivePath };
        pass.Draft.Update(s => s with { CurrentSessionId = session.Id, Sessions = WithSession(s.Sessions, session), LastStarted = pass.Now });
        return session;
    }

    /// <summary>Ends the current session, if there is one, saying so and why.</summary>
    public static async Task EndAsync(StreamPass pass, CancellationToken cancellationToken, SessionStopReason reason = SessionStopReason.Requested)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Draft.Status.CurrentSessionId is not { } current)
        {
            return;
        }

        pass.Draft.Update(s => s with
        {
            CurrentSessionId = null,
            LastStopped = pass.Now,
            Sessions = [.. s.Sessions.Select(x => x.Id == current && x.StoppedAt is null ? x with { StoppedAt = pass.Now, StopReason = reason } : x)],
        });
        var why = reason == SessionStopReason.Idle ? ": its input had no video for the stream's idle limit" : "";
        await pass.RecordAsync(EventType.Normal, "Stopped", "Stop", $"Session {current} ended{why}", cancellationToken);
        pass.Announce(EventTypes.StreamStopped, current, current);
    }

    /// <summary>
    /// The archive of the next session: the template expanded for the pass's time, made unique with a suffix
    /// when an earlier session recorded there (a template without {timestamp}, or two starts within a second), since
    /// every session must record to a prefix of its own. Null when the stream records nothing.
    /// </summary>
    public static ArchiveLocation? NextArchive(StreamPass pass, string? defaultBucket)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var stream = pass.Stream;
        var archive = stream.Spec.Archive;
        var bucket = archive.Bucket ?? defaultBucket;
        if (!archive.Enabled || bucket is null)
        {
            return null;
        }

        var location = ArchiveLocation.For(archive, bucket, stream.Metadata.Namespace!, stream.Metadata.Name!, pass.Now);
        return pass.Draft.Status.Sessions.Any(s => s.ArchivePath == location.DisplayPath)
            ? location with { Prefix = $"{location.Prefix}-{NewId().ToLowerInvariant()}" }
            : location;
    }

    /// <summary>The sessions with a new one last, keeping the newest <see cref="LiveStreamStatus.MaxSessions"/>; older ones live on in the downstream events.</summary>
    private static IReadOnlyList<StreamSession> WithSession(IReadOnlyList<StreamSession> sessions, StreamSession session) =>
        [.. sessions.Append(session).TakeLast(LiveStreamStatus.MaxSessions)];
}
