using System.Globalization;
using System.Text.Json;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Aws.S3;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Status;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// An S3Upload stream: no channel; an app records HLS itself and uploads it into the session's archive prefix with
/// short-lived credentials of the operator's upload role, limited by a session policy to writing under that prefix.
/// Each start is a session with a prefix of its own and new credentials, replaced before they expire while the
/// stream runs; a stopped stream's Secret keeps where it wrote, without credentials. With spec.live, the latest
/// session's playlist plays through the live distribution.
/// </summary>
public sealed partial class LiveStreamReconciler
{
    private async Task<ReconcileResult> ReconcileUploadAsync(LiveStream stream, StreamIdentity identity, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var secretRef = new LocalObjectReference { Name = IngestSecret.NameFor(stream) };
        if (stream.Spec.State != StreamState.Running)
        {
            await EndSessionAsync(stream, draft, cancellationToken);

            // Where the last session wrote, without credentials: those already handed out stay valid until they
            // expire (STS cannot take them back); none are handed out any more.
            var last = draft.Status.Sessions.LastOrDefault(s => s.ArchivePath is not null);
            if (S3Path.Parse(last?.ArchivePath) is { } wrote)
            {
                await ingestSecret.WriteAsync(stream, new Dictionary<string, string>
                {
                    [IngestSecret.S3BucketName] = wrote.Bucket,
                    [IngestSecret.S3BucketPath] = wrote.Key + "/",
                    [IngestSecret.S3BucketRegion] = options.Upload.Region,
                }, verify: false, cancellationToken);
            }

            draft.Update(s => s with { Phase = LiveStreamPhase.Idle, Ingest = last is null ? null : new IngestStatus { SecretRef = secretRef } });
            await ReconcileUploadPlaybackAsync(stream, identity, draft, cancellationToken);
            draft.Condition(ConditionTypes.Ready, true, "Idle", "The stream is stopped; set spec.state to Running to give the app new upload credentials.");
            return ReconcileResult.After(options.ResyncInterval);
        }

        if (draft.Status.CurrentSessionId is null)
        {
            // Before a session starts: a stream that may not write its Secret starts none.
            await ingestSecret.ClaimAsync(stream, cancellationToken);
        }

        if (draft.Status.CurrentSessionId is null)
        {
            // The prefix ends with the session's id, which is random: no template of another stream yields a prefix
            // under this one (which this session's credentials would reach) or one this lies under.
            var id = NewSessionId();
            var expanded = NewArchiveLocation(stream, draft.Status.Sessions)!;
            var location = expanded with { Prefix = $"{expanded.Prefix}-{id.ToLowerInvariant()}" };
            var session = new StreamSession { Id = id, StartedAt = draft.Now, ArchivePath = location.DisplayPath };
            draft.Update(s => s with { CurrentSessionId = session.Id, Sessions = WithSession(s.Sessions, session), LastStarted = draft.Now });
            await RecordAsync(stream, EventType.Normal, "Started", "Start", $"Session {session.Id} started: the app uploads to {location.DisplayPath}/", cancellationToken);
            Announce(stream, draft, EventTypes.StreamStarted, session.Id, session.Id);
        }

        var current = draft.Status.Sessions.Single(s => s.Id == draft.Status.CurrentSessionId);
        var (bucketName, prefix) = S3Path.Parse(current.ArchivePath)!;
        var path = prefix + "/";
        var duration = TimeSpan.FromSeconds(stream.Spec.Source.S3Upload?.CredentialSeconds ?? new S3UploadSource().CredentialSeconds);
        var refreshBefore = options.Upload.RefreshBefore < duration ? options.Upload.RefreshBefore : duration / 5;
        // The credentials this operator last wrote; a restarted one hands out new ones.
        var secret = ingestSecret.Written(stream);
        var expiration = secret?.GetString(IngestSecret.AwsExpiration) is { } text && secret.GetString(IngestSecret.S3BucketPath) == path && secret.GetString(IngestSecret.AwsAccessKeyId) is not null
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : (DateTimeOffset?)null;
        if (expiration is null || expiration.Value - refreshBefore <= draft.Now)
        {
            var credentials = await sts.AssumeRoleAsync(options.Upload.RoleArn!, $"airwave-{current.Id}", UploadPolicy(bucketName, prefix), duration, cancellationToken);
            await ingestSecret.WriteAsync(stream, new Dictionary<string, string>
            {
                [IngestSecret.AwsAccessKeyId] = credentials.AccessKeyId,
                [IngestSecret.AwsSecretAccessKey] = credentials.SecretAccessKey,
                [IngestSecret.AwsSessionToken] = credentials.SessionToken,
                [IngestSecret.AwsExpiration] = credentials.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                [IngestSecret.S3BucketName] = bucketName,
                [IngestSecret.S3BucketPath] = path,
                [IngestSecret.S3BucketRegion] = options.Upload.Region,
            }, verify: true, cancellationToken);
            if (expiration is not null)
            {
                await RecordAsync(stream, EventType.Normal, "CredentialsRefreshed", "Update", $"New upload credentials for session {current.Id}, valid until {KubernetesTimeConverter.ToText(credentials.Expiration)}: the Secret holds them", cancellationToken);
                Announce(stream, draft, EventTypes.StreamCredentialsRefreshed, $"{current.Id}-{KubernetesTimeConverter.ToText(credentials.Expiration)}", current.Id);
            }

            expiration = credentials.Expiration;
        }
        else
        {
            // Written again on the condition that it is as left: deleted or edited meanwhile, it is put back.
            await ingestSecret.WriteAgainAsync(stream, cancellationToken);
        }

        draft.Update(s => s with
        {
            Phase = LiveStreamPhase.Running,
            Ingest = new IngestStatus { Primary = $"s3://{bucketName}/{path}", SecretRef = secretRef },
        });
        await ReconcileUploadPlaybackAsync(stream, identity, draft, cancellationToken);
        draft.Condition(ConditionTypes.Ready, true, "Running", $"The app uploads its HLS to s3://{bucketName}/{path} with the credentials in Secret {secretRef.Name}, valid until {KubernetesTimeConverter.ToText(expiration.Value)} and replaced before then.");

        var untilRefresh = expiration.Value - refreshBefore - draft.Now;
        return ReconcileResult.After(untilRefresh < options.ResyncInterval ? untilRefresh + TimeSpan.FromSeconds(1) : options.ResyncInterval);
    }

    /// <summary>
    /// With spec.live, the latest session's playlist through the live distribution (a stopped stream's last session
    /// stays there, to be watched again), read from the archive bucket with the installation's origin access control;
    /// status.playback.url is that URL. Without it, the stream is taken off the distribution.
    /// </summary>
    private async Task ReconcileUploadPlaybackAsync(LiveStream stream, StreamIdentity identity, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var latest = draft.Status.Sessions.LastOrDefault(s => s.ArchivePath is not null);
        if (stream.Spec.Live && latest is null)
        {
            draft.Condition(LiveStreamConditions.Live, false, "NoSession", "spec.live is true: the stream plays through the live distribution once it has started.");
            return;
        }

        if (stream.Spec.Live && options.Upload.OriginAccessControlId is null)
        {
            draft.Condition(LiveStreamConditions.Live, false, "NoOriginAccessControl", "spec.live is true but the operator has no origin access control to read the archive bucket through the live distribution with (config.upload.originAccessControlId).");
            return;
        }

        var playlist = stream.Spec.Source.S3Upload?.Playlist ?? new S3UploadSource().Playlist;
        await ReconcileLiveAsync(
            stream,
            identity,
            (distribution, ct) =>
            {
                var (bucket, prefix) = S3Path.Parse(latest!.ArchivePath)!;
                return aws.LiveDistribution.AddUploadAsync(distribution, identity, bucket, prefix, playlist, options.Upload.OriginAccessControlId!, ct);
            },
            draft,
            cancellationToken);
        draft.Update(s => s with { Playback = s.Playback?.LiveUrl is { } url ? s.Playback with { Url = url } : null });
    }

    /// <summary>Writing an object, in one request or in parts, and cleaning up an upload in parts.</summary>
    private static readonly string[] UploadActions = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];

    /// <summary>
    /// The files an app uploads: HLS playlists, segments (MPEG-TS, fragmented MP4, AAC) and subtitles. The live
    /// distribution serves the session's prefix on the installation's domain, so no other kind of file (a page, a
    /// script) can be put there.
    /// </summary>
    private static readonly string[] MediaExtensions = [".m3u8", ".ts", ".m4s", ".mp4", ".aac", ".vtt"];

    /// <summary>The session policy: writing media files (and cleaning up multipart uploads) under the session's prefix, nothing else.</summary>
    private static string UploadPolicy(string bucket, string prefix) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new[]
        {
            new
            {
                Effect = "Allow",
                Action = UploadActions,
                Resource = MediaExtensions.Select(extension => $"arn:aws:s3:::{bucket}/{prefix}/*{extension}").ToArray(),
            },
        },
    });
}
