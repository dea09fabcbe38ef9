using System.Security.Cryptography;
using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Ownership;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using k8s.Models;
using PackageChannel = Airwave.Aws.MediaPackage.Channel;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// The Secret that holds what must not appear in status: the stream key, the full ingest URLs and the
/// MediaPackage ingest credentials (a WebRtc stream's: its WHIP URL and bearer token). Owned by the stream, so it goes
/// when the stream goes. The operator writes it and never reads it (<see cref="WriteOnlySecret"/>): what it holds is
/// written from the input (the truth about the key: it is what encoders are let in with), and the operator remembers
/// what it last wrote, so a Secret deleted or edited behind its back is found by the next conditional write and
/// restored rather than believed.
/// </summary>
public sealed class IngestSecret(KubernetesClient client, OperatorOptions options, StreamKeys keys)
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

    private readonly WrittenSecrets _written = new();

    public static string NameFor(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DnsNames.WithSuffix(stream.Metadata.Name!, "-ingest", DnsNames.MaxSubdomainLength);
    }

    /// <summary>A fresh stream key: 128 random bits.</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The Secret as this operator last wrote it; null before its first write (since it started).</summary>
    public V1Secret? Written(LiveStream stream) => _written.Find(stream);

    /// <summary>Forgets a deleted stream's Secret.</summary>
    public void Forget(LiveStream stream) => _written.Forget(stream);

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
    /// What the Secret holds for a stream with an input: the key the input accepts, the full URLs and the MediaPackage
    /// ingest credentials (and, with <paramref name="whip"/>, the WHIP values of the SFU pods that push into the input).
    /// </summary>
    public async Task<Dictionary<string, string>> ValuesAsync(LiveStream stream, Input input, PackageChannel packageChannel, bool whip, CancellationToken cancellationToken)
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

        if (whip)
        {
            await AddWhipAsync(stream, values, cancellationToken);
        }

        return values;
    }

    /// <summary>What the Secret holds for a WebRtc stream its SFU pods alone carry: the WHIP bearer token, and the WHIP URL when the operator knows it.</summary>
    public async Task<Dictionary<string, string>> WhipValuesAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>();
        await AddWhipAsync(stream, values, cancellationToken);
        return values;
    }

    /// <summary>
    /// Stores exactly <paramref name="values"/>. Unless <paramref name="verify"/>, a write of what this operator last
    /// wrote is spared (a pass of a transition, soon followed by another); else the write is conditional on the last
    /// one, so a change made behind the stream's back is found (and undone).
    /// </summary>
    /// <exception cref="SecretNotReplaceableException">A Secret of the name exists that the stream may not replace.</exception>
    public async Task<SecretWrite> WriteAsync(LiveStream stream, IReadOnlyDictionary<string, string> values, bool verify, CancellationToken cancellationToken)
    {
        var last = _written.Find(stream);
        if (!verify && last is not null && last.Holds(values))
        {
            return new(SecretWriteOutcome.Unchanged, last);
        }

        return await _written.WriteAsync(client, stream, Build(stream, SecretText.Encode(values)), cancellationToken);
    }

    /// <summary>
    /// Takes the Secret's name, empty, unless this operator wrote it already: a stream whose name is taken by a Secret
    /// it may not replace stops here, before anything is made for it.
    /// </summary>
    /// <exception cref="SecretNotReplaceableException">A Secret of the name exists that the stream may not replace.</exception>
    public async Task ClaimAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        if (_written.Find(stream) is null)
        {
            await WriteAsync(stream, new Dictionary<string, string>(), verify: true, cancellationToken);
        }
    }

    /// <summary>
    /// Writes again what this operator last wrote, on the condition that the Secret is as it left it: a change made
    /// since is undone. Null when it wrote none since it started.
    /// </summary>
    public async Task<SecretWrite?> WriteAgainAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        return _written.Find(stream) is { Data: { } data }
            ? await _written.WriteAsync(client, stream, Build(stream, data), cancellationToken)
            : null;
    }

    /// <summary>The bearer token is derived (<see cref="StreamKeys"/>): the rotation annotation gives a new one.</summary>
    private async Task AddWhipAsync(LiveStream stream, Dictionary<string, string> values, CancellationToken cancellationToken)
    {
        var rotation = stream.Metadata.Annotations?.GetValueOrDefault(RotateAnnotation);
        values[BearerToken] = await keys.ForAsync(stream, BearerToken, rotation, cancellationToken);
        if (options.Sfu.WhipUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!) is { } whipUrl)
        {
            values[WhipUrl] = whipUrl.ToString();
        }
    }

    /// <summary>A digest of a Secret's data, to notice any change to it without keeping what it holds.</summary>
    public static string Digest(IReadOnlyDictionary<string, string>? data)
    {
        var text = string.Join('\n', (data ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>What a user reads when a Secret of one of the stream's names belongs to something else.</summary>
    public static string ForeignMessage(SecretNotReplaceableException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return $"Secret {refused.Name} already exists and is not controlled by this LiveStream, so the stream will not write its keys there (the API server refused: {refused.InnerException?.Message}); delete or rename that Secret and the stream continues.";
    }

    private static V1Secret Build(LiveStream stream, IDictionary<string, byte[]> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = SecretText.Opaque,
        Metadata = OwnerReferences.SetController(
            new V1ObjectMeta
            {
                Name = NameFor(stream),
                NamespaceProperty = stream.Metadata.Namespace,
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
