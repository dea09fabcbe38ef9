using System.Security.Cryptography;
using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Ownership;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using PackageChannel = Airwave.Aws.MediaPackage.Channel;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// The Secret that holds what must not appear in status: the stream key, the full ingest URLs and the
/// MediaPackage ingest credentials (a WebRtc stream's: its WHIP URL and bearer token). Owned by the stream, so it goes when the stream goes. The input is the truth
/// about the key (it is what encoders are let in with): the Secret is written from the input, so a Secret deleted
/// or edited behind the operator's back is restored rather than believed.
/// </summary>
public sealed class IngestSecret(KubernetesClient client, OperatorOptions options)
{
    public const string StreamKey = "streamKey";
    public const string PrimaryUrl = "primaryUrl";
    public const string BackupUrl = "backupUrl";

    /// <summary>A WebRtc stream's: what its publisher presents as WHIP bearer token (its SFU pods read it from here).</summary>
    public const string BearerToken = "bearerToken";

    /// <summary>A WebRtc stream's: where its publisher sends its WHIP offer.</summary>
    public const string WhipUrl = "whipUrl";

    /// <summary>An S3Upload stream's: its upload credentials and where they write, named as the app backends read them.</summary>
    public const string AwsAccessKeyId = "aws_access_key_id";
    public const string AwsSecretAccessKey = "aws_secret_access_key";
    public const string AwsSessionToken = "aws_session_token";
    public const string AwsExpiration = "aws_expiration";
    public const string S3BucketName = "s3_bucket_name";
    public const string S3BucketPath = "s3_bucket_path";
    public const string S3BucketRegion = "s3_bucket_region";

    /// <summary>Setting it to a new value asks for a new stream key (documented in the README).</summary>
    public const string RotateAnnotation = "media.airwave.dev/rotate-stream-key";

    public static string NameFor(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DnsNames.WithSuffix(stream.Metadata.Name!, "-ingest", DnsNames.MaxSubdomainLength);
    }

    /// <summary>A fresh stream key: 128 random bits.</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The stream's Secret as it is now: absent, the stream's own, or someone else's (a Secret of that name the
    /// stream does not control, which it never overwrites).
    /// </summary>
    public async Task<(Secret? Secret, bool Foreign)> ReadAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        // A predecessor's Secret held a key that opened an input that is gone: it is deleted, not taken over.
        var secret = await StreamObjects.ReadAsync<Secret>(client, ResourceType.Secrets, stream, NameFor(stream), cancellationToken);
        return (secret, secret is not null && !OwnerReferences.IsControlledBy(secret, stream));
    }

    /// <summary>
    /// Makes the Secret with a new stream's key alone, before anything in AWS is made with it: the URLs and
    /// credentials follow once the input and the MediaPackage channel exist.
    /// </summary>
    public Task<Secret> CreateAsync(LiveStream stream, string streamKey, CancellationToken cancellationToken) =>
        client.CreateAsync(ResourceType.Secrets, Build(stream, Secret.Encode(new Dictionary<string, string> { [StreamKey] = streamKey })), cancellationToken);

    /// <summary>The key an input accepts: the last segment of its first destination's URL.</summary>
    public static string? KeyOf(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var url = input.Destinations is [var first, ..] ? first.Url : null;
        var slash = url?.LastIndexOf('/') ?? -1;
        return slash < 0 || slash == url!.Length - 1 ? null : url[(slash + 1)..];
    }

    /// <summary>The RTMP stream names an input is created with: the app, then the key, one per pipeline.</summary>
    public static IReadOnlyList<string> StreamNames(int pipelines, string streamKey) =>
        pipelines > 1 ? [$"live/{streamKey}", $"live/{streamKey}-backup"] : [$"live/{streamKey}"];

    /// <summary>The URL shown in status: the ingest endpoint without its last segment, the key.</summary>
    public static string? WithoutKey(string? url)
    {
        var slash = url?.LastIndexOf('/') ?? -1;
        return slash <= 0 ? null : url![..slash];
    }

    /// <summary>
    /// Writes the key the input accepts, the full URLs and the MediaPackage ingest credentials (and a WebRtc stream's
    /// WHIP values, whose SFU pods push into the input), creating the Secret when it is missing. Says what it found, so
    /// a repair can be reported.
    /// </summary>
    public async Task<IngestSecretWrite> WriteAsync(LiveStream stream, Input input, PackageChannel packageChannel, CancellationToken cancellationToken)
    {
        var (current, foreign) = await ReadAsync(stream, cancellationToken);
        if (foreign)
        {
            throw new InvalidOperationException(ForeignMessage(stream));
        }

        return await WriteOverAsync(stream, input, packageChannel, current, cancellationToken);
    }

    /// <summary>
    /// <see cref="WriteAsync"/> over the stream's Secret as the caller just read it (null: there was none). Had it
    /// changed since, the update fails with a conflict and the next reconcile reads it again.
    /// </summary>
    public async Task<IngestSecretWrite> WriteOverAsync(LiveStream stream, Input input, PackageChannel packageChannel, Secret? current, CancellationToken cancellationToken)
    {
        var streamKey = KeyOf(input) ?? throw new InvalidOperationException($"Input {input.Id} has no destination URL to take the stream key from.");
        var values = new Dictionary<string, string> { [StreamKey] = streamKey };
        var destinations = input.Destinations ?? [];
        if (destinations.Count > 0 && destinations[0].Url is { } primary)
        {
            values[PrimaryUrl] = primary;
        }

        if (destinations.Count > 1 && destinations[1].Url is { } backup)
        {
            values[BackupUrl] = backup;
        }

        var ingest = packageChannel.HlsIngest?.IngestEndpoints ?? [];
        for (var i = 0; i < ingest.Count; i++)
        {
            values[$"mediaPackageIngest{i}Url"] = ingest[i].Url;
            values[$"mediaPackageIngest{i}Username"] = ingest[i].Username;
            values[$"mediaPackageIngest{i}Password"] = ingest[i].Password;
        }

        if (stream.Spec.Source.Type == SourceType.WebRtc)
        {
            AddWhip(stream, current, values);
        }

        return await WriteDataAsync(stream, current, values, current?.GetString(StreamKey) == streamKey ? IngestSecretChange.Updated : IngestSecretChange.KeyRestored, cancellationToken);
    }

    /// <summary>
    /// A Chime stream's to IVS over <paramref name="current"/> as just read: the channel's stream key and its full
    /// RTMPS push URL, which the connector pushes to.
    /// </summary>
    public Task<IngestSecretWrite> WriteIvsAsync(LiveStream stream, Secret? current, string pushUrl, string streamKey, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string> { [StreamKey] = streamKey, [PrimaryUrl] = pushUrl };
        return WriteDataAsync(stream, current, values, current?.GetString(StreamKey) is { } held && held != streamKey ? IngestSecretChange.KeyRestored : IngestSecretChange.Updated, cancellationToken);
    }

    /// <summary>
    /// An S3Upload stream's Secret over <paramref name="current"/> as just read: exactly <paramref name="values"/>,
    /// the upload credentials and where they write (or, once it stopped, where it wrote, without credentials).
    /// </summary>
    public Task<IngestSecretWrite> WriteUploadAsync(LiveStream stream, Secret? current, Dictionary<string, string> values, CancellationToken cancellationToken) =>
        WriteDataAsync(stream, current, values, IngestSecretChange.Updated, cancellationToken);

    /// <summary>
    /// A WebRtc stream's Secret over <paramref name="current"/> as just read, for a stream its SFU pods alone carry: the
    /// bearer token its publisher presents over WHIP, made once and kept while the Secret is, and the WHIP URL when
    /// the operator knows it.
    /// </summary>
    public Task<IngestSecretWrite> WriteWhipAsync(LiveStream stream, Secret? current, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>();
        AddWhip(stream, current, values);
        return WriteDataAsync(stream, current, values, IngestSecretChange.Updated, cancellationToken);
    }

    private void AddWhip(LiveStream stream, Secret? current, Dictionary<string, string> values)
    {
        values[BearerToken] = current?.GetString(BearerToken) ?? NewKey();
        if (options.Sfu.WhipUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!) is { } whipUrl)
        {
            values[WhipUrl] = whipUrl.ToString();
        }
    }

    /// <summary>Creates the Secret with <paramref name="values"/>, or updates it to hold just them when it holds anything else.</summary>
    private async Task<IngestSecretWrite> WriteDataAsync(LiveStream stream, Secret? current, Dictionary<string, string> values, IngestSecretChange updating, CancellationToken cancellationToken)
    {
        var wanted = Secret.Encode(values);
        if (current is null)
        {
            // AlreadyExists (a Secret made between the read and this create) fails the reconcile; the retry reads it.
            var created = await client.CreateAsync(ResourceType.Secrets, Build(stream, wanted), cancellationToken);
            return new(IngestSecretChange.Created, Digest(wanted), created);
        }

        if (current.Data is not null && current.Data.Count == wanted.Count && wanted.All(kv => current.Data.GetValueOrDefault(kv.Key) == kv.Value))
        {
            return new(IngestSecretChange.None, Digest(wanted), current);
        }

        var updated = await client.UpdateAsync(ResourceType.Secrets, current with { Data = wanted }, cancellationToken);
        return new(updating, Digest(wanted), updated);
    }

    /// <summary>A digest of a Secret's data, to notice any change to it without keeping what it holds.</summary>
    public static string Digest(IReadOnlyDictionary<string, string>? data)
    {
        var text = string.Join('\n', (data ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>What a user reads when a Secret of the stream's name belongs to something else.</summary>
    public static string ForeignMessage(LiveStream stream) =>
        $"Secret {NameFor(stream)} already exists and is not controlled by this LiveStream, so the stream will not write its ingest keys there; delete or rename that Secret and the stream continues.";

    private static Secret Build(LiveStream stream, IReadOnlyDictionary<string, string> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = Secret.OpaqueType,
        Metadata = OwnerReferences.WithController(
            new ObjectMeta
            {
                Name = NameFor(stream),
                Namespace = stream.Metadata.Namespace,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/managed-by"] = "airwave",
                    ["media.airwave.dev/livestream"] = DnsNames.LabelValue(stream.Metadata.Name!),
                },
            },
            AirwaveResources.LiveStreams,
            stream),
        Data = data,
    };
}

/// <summary>What <see cref="IngestSecret.WriteAsync"/> did, the digest of what the Secret now holds, and the Secret as stored.</summary>
public sealed record IngestSecretWrite(IngestSecretChange Change, string Digest, Secret Secret);

public enum IngestSecretChange
{
    None,
    Created,
    Updated,

    /// <summary>The Secret held a key the input does not accept; it now holds the input's.</summary>
    KeyRestored,
}
