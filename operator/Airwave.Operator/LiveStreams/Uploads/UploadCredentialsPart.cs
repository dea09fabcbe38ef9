using System.Globalization;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Aws.S3;
using Airwave.Aws.Sts;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Pipeline;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Uploads;

/// <summary>
/// An S3Upload stream's sessions and their upload credentials: no channel; an app records HLS itself and uploads it
/// into the session's archive prefix with short-lived credentials of the operator's upload role, limited by a session
/// policy to writing under that prefix. Each start is a session with a prefix of its own and new credentials,
/// replaced before they expire while the stream runs; a stopped stream's Secret keeps where it wrote, without
/// credentials.
/// </summary>
public sealed class UploadCredentialsPart(IngestSecret ingestSecret, IStsClient sts, OperatorOptions options) : IStreamPart
{
    public StreamProblem? Check(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (ChannelPart.ArchiveProblem(stream, options) is { } archive)
        {
            return archive;
        }

        // The app writes the archive itself, with credentials of the operator's upload role.
        return string.IsNullOrEmpty(options.Upload.RoleArn)
            ? new("NoUploadRole", "The operator's upload.roleArn setting is empty; S3Upload streams need a role to issue upload credentials for.")
            : null;
    }

    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices) => [CostComponents.ArchiveStorage(stream?.Status, prices)];

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Stream.Spec.State != StreamState.Running)
        {
            await StopAsync(pass, cancellationToken);
            return PartResult.Done;
        }

        var session = await CurrentSessionAsync(pass, cancellationToken);
        var (bucketName, prefix) = S3Path.Parse(session.ArchivePath)!;
        var path = prefix + "/";
        var duration = TimeSpan.FromSeconds(pass.Stream.Spec.Source.S3Upload?.CredentialSeconds ?? new S3UploadSource().CredentialSeconds);
        var refreshBefore = options.Upload.RefreshBefore < duration ? options.Upload.RefreshBefore : duration / 5;
        var expiration = await WriteCredentialsAsync(pass, session, bucketName, prefix, duration, refreshBefore, cancellationToken);

        var secretRef = new LocalObjectReference { Name = IngestSecret.NameFor(pass.Stream) };
        pass.Draft.Update(s => s with
        {
            Phase = LiveStreamPhase.Running,
            Ingest = new IngestStatus { Primary = $"s3://{bucketName}/{path}", SecretRef = secretRef },
        });
        pass.Draft.Condition(ConditionTypes.Ready, true, "Running", $"The app uploads its HLS to s3://{bucketName}/{path} with the credentials in Secret {secretRef.Name}, valid until {KubernetesTimeConverter.ToText(expiration)} and replaced before then.");

        var untilRefresh = expiration - refreshBefore - pass.Now;
        return untilRefresh < options.ResyncInterval ? PartResult.LookAgainWithin(untilRefresh + TimeSpan.FromSeconds(1)) : PartResult.Done;
    }

    /// <summary>
    /// Where the last session wrote, without credentials: those already handed out stay valid until they expire (STS
    /// cannot take them back); none are handed out any more.
    /// </summary>
    private async Task StopAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        await StreamSessions.EndAsync(pass, cancellationToken);
        var last = pass.Draft.Status.Sessions.LastOrDefault(s => s.ArchivePath is not null);
        if (S3Path.Parse(last?.ArchivePath) is { } wrote)
        {
            await ingestSecret.WriteAsync(pass.Stream, new Dictionary<string, string>
            {
                [IngestSecret.S3BucketName] = wrote.Bucket,
                [IngestSecret.S3BucketPath] = wrote.Key + "/",
                [IngestSecret.S3BucketRegion] = options.Upload.Region,
            }, verify: false, cancellationToken);
        }

        pass.Draft.Update(s => s with { Phase = LiveStreamPhase.Idle, Ingest = last is null ? null : new IngestStatus { SecretRef = new LocalObjectReference { Name = IngestSecret.NameFor(pass.Stream) } } });
        pass.Draft.Condition(ConditionTypes.Ready, true, "Idle", "The stream is stopped; set spec.state to Running to give the app new upload credentials.");
    }

    /// <summary>The running stream's session, begun now (with a prefix of its own) when it has none.</summary>
    private async Task<StreamSession> CurrentSessionAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        if (pass.Draft.Status.CurrentSessionId is null)
        {
            // Before a session starts: a stream that may not write its Secret starts none.
            await ingestSecret.ClaimAsync(pass.Stream, cancellationToken);

            // The prefix ends with the session's id, which is random: no template of another stream yields a prefix
            // under this one (which this session's credentials would reach) or one this lies under.
            var id = StreamSessions.NewId();
            var expanded = StreamSessions.NextArchive(pass, options.ArchiveBucket)!;
            var location = expanded with { Prefix = $"{expanded.Prefix}-{id.ToLowerInvariant()}" };
            var session = StreamSessions.Begin(pass, location.DisplayPath, id);
            await pass.RecordAsync(EventType.Normal, "Started", "Start", $"Session {session.Id} started: the app uploads to {location.DisplayPath}/", cancellationToken);
            pass.Announce(EventTypes.StreamStarted, session.Id, session.Id);
        }

        return pass.Draft.Status.Sessions.Single(s => s.Id == pass.Draft.Status.CurrentSessionId);
    }

    /// <summary>New credentials when none were written or they expire soon, else the Secret as left; returns when they expire.</summary>
    private async Task<DateTimeOffset> WriteCredentialsAsync(StreamPass pass, StreamSession session, string bucketName, string prefix, TimeSpan duration, TimeSpan refreshBefore, CancellationToken cancellationToken)
    {
        var path = prefix + "/";

        // The credentials this operator last wrote; a restarted one hands out new ones.
        var secret = ingestSecret.Written(pass.Stream);
        var expiration = secret?.GetString(IngestSecret.AwsExpiration) is { } text && secret.GetString(IngestSecret.S3BucketPath) == path && secret.GetString(IngestSecret.AwsAccessKeyId) is not null
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : (DateTimeOffset?)null;
        if (expiration is not null && expiration.Value - refreshBefore > pass.Now)
        {
            // Written again on the condition that it is as left: deleted or edited meanwhile, it is put back.
            await ingestSecret.WriteAgainAsync(pass.Stream, cancellationToken);
            return expiration.Value;
        }

        var credentials = await sts.AssumeRoleAsync(options.Upload.RoleArn!, UploadSessionPolicy.SessionName(session.Id), UploadSessionPolicy.For(bucketName, prefix), duration, cancellationToken);
        await ingestSecret.WriteAsync(pass.Stream, new Dictionary<string, string>
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
            await pass.RecordAsync(EventType.Normal, "CredentialsRefreshed", "Update", $"New upload credentials for session {session.Id}, valid until {KubernetesTimeConverter.ToText(credentials.Expiration)}: the Secret holds them", cancellationToken);
            pass.Announce(EventTypes.StreamCredentialsRefreshed, $"{session.Id}-{KubernetesTimeConverter.ToText(credentials.Expiration)}", session.Id);
        }

        return credentials.Expiration;
    }
}
