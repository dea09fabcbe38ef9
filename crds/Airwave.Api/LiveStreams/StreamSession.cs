using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

[Description("One run of the stream, from start to stop, and where it was recorded.")]
public sealed record StreamSession
{
    public required string Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    [Description("Why the session ended: Requested (spec.state Stopped, or the stream deleted), or Idle (no video for spec.idleStopAfter).")]
    public SessionStopReason? StopReason { get; init; }

    [Description("s3://bucket/prefix of the session's recording.")]
    public string? ArchivePath { get; init; }
}
