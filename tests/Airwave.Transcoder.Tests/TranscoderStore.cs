using System.Text.Json;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Media.Transcoding;
using Airwave.Sandbox.Aws;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Transcoder.Tests;

/// <summary>
/// The S3 emulator the Jobs of a test class fetch from and store into, and plans as the operator writes them: an
/// input presigned for GET, and a presigned PUT (with its content type) for every output the limits allow.
/// </summary>
public sealed class TranscoderStore : IAsyncLifetime
{
    public const string Bucket = "videos";

    private AwsEmulator _emulator = null!;

    public IAmazonS3 S3 { get; private set; } = null!;

    public static readonly IReadOnlyList<Rendition> Ladder =
    [
        new("1080p", 1080, 5000, 128),
        new("720p", 720, 2800, 128),
        new("480p", 480, 1400, 96),
        new("360p", 360, 800, 96),
    ];

    public async Task InitializeAsync()
    {
        _emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Log = TextWriter.Null }, CancellationToken.None);
        S3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(_emulator.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        await S3.PutBucketAsync(Bucket);
    }

    public async Task DisposeAsync()
    {
        S3.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>Stores a local file as the source of the asset at <paramref name="prefix"/>.</summary>
    public async Task<string> PutSourceAsync(string prefix, string file)
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = $"{prefix}/source", FilePath = file });
        return await PresignAsync($"{prefix}/source", HttpVerb.GET, DateTimeOffset.UtcNow.AddHours(1));
    }

    /// <param name="lifetime">How long its URLs work: an hour unless said.</param>
    public async Task<TranscodePlan> PlanAsync(string prefix, string input, Func<TranscodePlan, TranscodePlan>? adjust = null, TimeSpan? lifetime = null)
    {
        var expires = DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromHours(1));
        var plan = new TranscodePlan
        {
            Input = input,
            Ladder = Ladder,
            MaxDurationSeconds = 3600,
            MaxSourceBytes = 1L << 30,
            SegmentSeconds = 2,
            ThumbnailIntervalSeconds = 2,
            Uploads = new Dictionary<string, string>(),
            ProgressUrl = "http://unused.invalid/",
            ReportUrl = "http://unused.invalid/",
            ProgressIntervalSeconds = 0.5,
        };
        plan = adjust?.Invoke(plan) ?? plan;
        var uploads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var output in TranscodeOutputs.All(plan.Ladder, plan.MaxDurationSeconds, plan.PartSeconds, plan.MaxThumbnails))
        {
            uploads[output] = await PresignAsync($"{prefix}/hls/{output}", HttpVerb.PUT, expires, TranscodeOutputs.ContentType(output));
        }

        return plan with
        {
            Uploads = uploads,
            ProgressUrl = await PresignAsync($"{prefix}/job/progress.json", HttpVerb.PUT, expires, "application/json"),
            ReportUrl = await PresignAsync($"{prefix}/job/report.json", HttpVerb.PUT, expires, "application/json"),
        };
    }

    /// <summary>The keys stored under <paramref name="prefix"/>, relative to it.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync(string prefix)
    {
        var listed = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = $"{prefix}/" });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key[(prefix.Length + 1)..]).Order(StringComparer.Ordinal)];
    }

    public async Task<T?> ReadJsonAsync<T>(string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var got = await S3.GetObjectAsync(Bucket, key);
        return await JsonSerializer.DeserializeAsync(got.ResponseStream, type);
    }

    /// <summary>Copies what the Job stored under <paramref name="prefix"/>/hls into <paramref name="directory"/>, as a player would see it.</summary>
    public async Task DownloadAsync(string prefix, string directory)
    {
        foreach (var key in await KeysAsync($"{prefix}/hls"))
        {
            var file = Path.Combine(directory, key);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using var got = await S3.GetObjectAsync(Bucket, $"{prefix}/hls/{key}");
            await using var output = File.Create(file);
            await got.ResponseStream.CopyToAsync(output);
        }
    }

    public async Task<string> ContentTypeAsync(string key) => (await S3.GetObjectMetadataAsync(Bucket, key)).Headers.ContentType;

    private async Task<string> PresignAsync(string key, HttpVerb verb, DateTimeOffset expires, string? contentType = null) =>
        (await new S3Presigner(S3, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials), TimeProvider.System).PresignAsync(Bucket, key, verb, expires, CancellationToken.None, contentType)).Url;
}
