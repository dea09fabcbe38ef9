using System.Security.Cryptography;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Aws.Sts;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Webhook.Admission;
using Amazon.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Airwave.Webhook.StreamApi;

/// <summary>
/// Streams started and stopped through /stream/start and /stream/stop: an S3Upload LiveStream per start, made in the
/// caller's namespace and labelled as made here (GitOps tools leave such objects alone); the app's credentials are
/// issued here, for the session's prefix, with the same session policy as the operator's, so this service never reads
/// a team's Secrets. Nothing is left half-made: a stream the operator does not start in time is taken back.
/// </summary>
public sealed partial class UploadStreams(KubernetesClient client, IStsClient sts, StreamApiSettings settings, AwsSettings aws, TimeProvider time, ILogger<UploadStreams> logger)
{
    /// <summary>The value of app.kubernetes.io/managed-by on streams made here; only they can be stopped here.</summary>
    public const string ManagedBy = "airwave-stream-api";

    /// <summary>The name an app gave its stream, which a LiveStream's name could not hold as it is.</summary>
    public const string NameAnnotation = "media.airwave.dev/stream-name";

    public async Task<IResult> StartAsync(string ns, string? name, CancellationToken cancellationToken)
    {
        if (settings.UploadRoleArn is not { Length: > 0 } roleArn)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "No upload role", "The installation has no upload role (Operator:Upload:RoleArn) to issue upload credentials for.");
        }

        var (made, refused) = await MakeAsync(ns, name, cancellationToken);
        if (made is null)
        {
            return refused!;
        }

        var id = made.Metadata.Name!;
        var handedOver = false;
        try
        {
            var (started, refusal) = await HandOverAsync(made, name, roleArn, cancellationToken);
            handedOver = started is not null;
            return started is not null ? Results.Ok(started) : refusal!;
        }
        finally
        {
            if (!handedOver)
            {
                // The caller left, the operator did not start it, STS refused: nobody holds its credentials.
                await TakeBackAsync(ns, id);
            }
        }
    }

    /// <summary>
    /// The stream made, under a name chosen here so that a create whose answer was lost can be taken back by it (a
    /// name the API server generated would be unknown then); or the refusal.
    /// </summary>
    private async Task<(LiveStream? Made, IResult? Refusal)> MakeAsync(string ns, string? name, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var manifest = Manifest(ns, $"stream-{RandomNumberGenerator.GetString(NameCharacters, 8)}", name, settings.CredentialSeconds);
            try
            {
                return (await client.CreateAsync(SpecAdmission.LiveStreams, manifest, cancellationToken), null);
            }
            catch (AlreadyExistsException) when (attempt < 3)
            {
                // Another stream of the namespace drew the same name: draw again.
            }
            catch (KubernetesApiException e) when (e is not ServerErrorException)
            {
                return (null, Problem(StatusCodes.Status503ServiceUnavailable, "Cannot start", $"The stream could not be made in namespace {ns}: {e.Status.Message}"));
            }
            catch (OperationCanceledException)
            {
                // The caller left: whatever the create made goes.
                await TakeBackAsync(ns, manifest.Metadata.Name!);
                throw;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or ServerErrorException)
            {
                // Whether the create took effect is unknown: whatever it made goes.
                await TakeBackAsync(ns, manifest.Metadata.Name!);
                return (null, Problem(StatusCodes.Status503ServiceUnavailable, "Cannot start", $"The Kubernetes API server did not make the stream ({e.Message}); nothing was kept, try again."));
            }
        }
    }

    /// <summary>The answer for a made stream once the operator started it, or the refusal when it does not.</summary>
    private async Task<(StartAnswer? Answer, IResult? Refusal)> HandOverAsync(LiveStream made, string? name, string roleArn, CancellationToken cancellationToken)
    {
        var (ns, id) = (made.Metadata.Namespace!, made.Metadata.Name!);
        var running = await StreamWatch.UntilAsync(client, made, s => Session(s) is not null || s.Status?.Phase == LiveStreamPhase.Failed, settings.StartTimeout, cancellationToken);
        if (running is null || Session(running) is not { } session)
        {
            var why = running?.Status?.Conditions.FirstOrDefault(c => c.Type == ConditionTypes.Ready)?.Message;
            return (null, why is null
                ? Problem(StatusCodes.Status504GatewayTimeout, "Not started", $"The operator did not start stream {id} within {settings.StartTimeout.TotalSeconds:0} seconds; it was taken back.")
                : Problem(StatusCodes.Status503ServiceUnavailable, "Not started", $"Stream {id} failed to start and was taken back: {why}"));
        }

        var (bucket, prefix) = S3Path.Parse(session.ArchivePath)!;
        UploadCredentials credentials;
        try
        {
            credentials = await sts.AssumeRoleAsync(roleArn, UploadSessionPolicy.SessionName(session.Id), UploadSessionPolicy.For(bucket, prefix), TimeSpan.FromSeconds(settings.CredentialSeconds), cancellationToken);
        }
        catch (AmazonServiceException e)
        {
            LogNoCredentials(logger, id, ns, e.ErrorCode);
            return (null, Problem(StatusCodes.Status502BadGateway, "No credentials", $"AWS STS refused upload credentials for stream {id} ({e.ErrorCode}); it was taken back."));
        }

        LogStarted(logger, id, ns, session.Id);
        return (new StartAnswer(
            new StreamAnswer(id, name, StreamAnswer.Date(session.StartedAt), null),
            new StartEndpoints(new S3Endpoint(
                credentials.AccessKeyId,
                credentials.SecretAccessKey,
                credentials.SessionToken,
                Math.Round((credentials.Expiration - time.GetUtcNow()).TotalSeconds),
                bucket,
                prefix + "/",
                aws.Region))), null);
    }

    public async Task<IResult> StopAsync(string ns, string id, CancellationToken cancellationToken)
    {
        var stream = await client.TryGetAsync<LiveStream>(SpecAdmission.LiveStreams, ns, id, cancellationToken);
        if (stream is null || stream.Metadata.Labels?.GetValueOrDefault("app.kubernetes.io/managed-by") != ManagedBy)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown stream", $"No stream with id {id} was started through /stream/start in namespace {ns}.");
        }

        var sessionId = stream.Status?.CurrentSessionId ?? (stream.Status?.Sessions is [.., var last] ? last.Id : null);
        if (sessionId is null)
        {
            return Problem(StatusCodes.Status409Conflict, "Never started", $"Stream {id} has no session to stop.");
        }

        if (stream.Spec.State != StreamState.Stopped)
        {
            stream = await client.PatchAsync<LiveStream>(SpecAdmission.LiveStreams, ns, id, KubernetesPatch.Merge(new System.Text.Json.Nodes.JsonObject { ["spec"] = new System.Text.Json.Nodes.JsonObject { ["state"] = nameof(StreamState.Stopped) } }), cancellationToken);
        }

        var stopped = await StreamWatch.UntilAsync(client, stream, s => Ended(s, sessionId) is not null, settings.StopTimeout, cancellationToken);
        if (stopped is null || Ended(stopped, sessionId) is not { } session)
        {
            return Problem(StatusCodes.Status504GatewayTimeout, "Not stopped yet", $"Stream {id} is stopping; the operator has not ended its session within {settings.StopTimeout.TotalSeconds:0} seconds. Call again for its stop date.");
        }

        LogStopped(logger, id, ns, session.Id);
        return Results.Ok(new StopAnswer(new StreamAnswer(id, stopped.Metadata.Annotations?.GetValueOrDefault(NameAnnotation), StreamAnswer.Date(session.StartedAt), StreamAnswer.Date(session.StoppedAt!.Value))));
    }

    /// <summary>What generated names are made of, as Kubernetes draws them: no vowels, so no words, and no look-alikes.</summary>
    private const string NameCharacters = "bcdfghjklmnpqrstvwxz2456789";

    private static LiveStream Manifest(string ns, string id, string? name, int credentialSeconds) => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = nameof(LiveStream),
        Metadata = new ObjectMeta
        {
            Name = id,
            Namespace = ns,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = ManagedBy },
            Annotations = new Dictionary<string, string>
            {
                // Argo CD leaves an object it did not make out of an application's sync status even when it carries
                // the application's tracking label (copied from the namespace's other objects, say).
                ["argocd.argoproj.io/compare-options"] = "IgnoreExtraneous",
                [NameAnnotation] = name ?? "",
            }.Where(a => a.Value.Length > 0).ToDictionary(),
        },
        Spec = new LiveStreamSpec
        {
            State = StreamState.Running,
            Source = new StreamSource { Type = SourceType.S3Upload, S3Upload = new S3UploadSource { CredentialSeconds = credentialSeconds } },
        },
    };

    /// <summary>The running session the operator began, once it has a prefix.</summary>
    private static StreamSession? Session(LiveStream stream) =>
        stream.Status is { Phase: LiveStreamPhase.Running, CurrentSessionId: { } current } status
            ? status.Sessions.FirstOrDefault(s => s.Id == current && s.ArchivePath is not null)
            : null;

    private static StreamSession? Ended(LiveStream stream, string sessionId) =>
        stream.Status?.Sessions.FirstOrDefault(s => s.Id == sessionId && s.StoppedAt is not null);

    /// <summary>
    /// Deletes a stream this call made (or may have made) and could not hand over; not cancelled with the call, so
    /// nothing is left behind. When even that fails, the log names the stream to delete.
    /// </summary>
    private async Task TakeBackAsync(string ns, string id)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await client.DeleteAsync(SpecAdmission.LiveStreams, ns, id, bounded.Token);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogNotTakenBack(logger, id, ns, e.Message);
        }
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Id} in namespace {Namespace} started through /stream/start: session {Session}")]
    private static partial void LogStarted(ILogger logger, string id, string @namespace, string session);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Id} in namespace {Namespace} stopped through /stream/stop: session {Session}")]
    private static partial void LogStopped(ILogger logger, string id, string @namespace, string session);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream {Id} in namespace {Namespace} was made for a start that failed, and could not be deleted ({Reason}): delete it")]
    private static partial void LogNotTakenBack(ILogger logger, string id, string @namespace, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AWS STS refused upload credentials for stream {Id} in namespace {Namespace} ({ErrorCode}); the stream was taken back")]
    private static partial void LogNoCredentials(ILogger logger, string id, string @namespace, string errorCode);
}
