using System.Globalization;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Aws.Tests.S3;

/// <summary>
/// One scenario of S3 calls, run through the AWS SDK against the emulator and against moto's server: what a client
/// observes (contents, listings, pages, ETags, ranges, error codes and statuses) must be the same from both.
/// Where moto is laxer than S3 (it accepts bucket names S3 refuses, and its server allows any origin on a bucket
/// without CORS rules), the emulator's own tests check S3's answer.
/// </summary>
public sealed class S3CrossCheckTests : IAsyncLifetime
{
    private EmulatorHarness _aws = null!;
    private MotoServer _moto = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _moto = await MotoServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _moto.DisposeAsync();
        await _aws.DisposeAsync();
    }

    [Fact]
    public async Task The_emulator_and_moto_answer_the_same_scenario_the_same_way()
    {
        var emulator = await ObserveAsync(_aws.Emulator.BaseAddress);
        var moto = await ObserveAsync(_moto.BaseAddress);

        Assert.Equal(moto, emulator);
        Assert.Contains("get missing key: NoSuchKey 404", emulator);
    }

    private static async Task<IReadOnlyList<string>> ObserveAsync(Uri endpoint)
    {
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(endpoint) with { Retry = new AwsRetryOptions { MaxRetries = 0 } }, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        using var http = new HttpClient();
        var seen = new List<string>();

        async Task Step(string name, Func<Task<string>> call)
        {
            try
            {
                seen.Add($"{name}: {await call()}");
            }
            catch (AmazonS3Exception error)
            {
                seen.Add($"{name}: {error.ErrorCode} {(int)error.StatusCode}");
            }
        }

        await Step("create bucket", async () => (await s3.PutBucketAsync("airwave-archive")).HttpStatusCode.ToString());
        foreach (var key in new[] { "live/a/index.m3u8", "live/a/seg 1.ts", "live/a/seg+2.ts", "live/b/index.m3u8", "live/b/sub/x.ts", "top.txt", "live/é.ts" })
        {
            await Step($"put {key}", async () => (await s3.PutObjectAsync(new PutObjectRequest { BucketName = "airwave-archive", Key = key, ContentBody = "content of " + key })).ETag);
        }
        await Step("put with type, metadata and tags", async () => (await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "airwave-archive",
            Key = "clips/index_1.mp4",
            ContentBody = "0123456789",
            ContentType = "video/mp4",
            Metadata = { ["section"] = "1" },
            TagSet = [new Tag { Key = "stream", Value = "workshop" }],
        })).ETag);

        await Step("list all", async () => Listing(await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "airwave-archive" })));
        await Step("list live/ by /", async () => Listing(await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "airwave-archive", Prefix = "live/", Delimiter = "/" })));
        await Step("list after live/a/seg 1.ts", async () => Listing(await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "airwave-archive", StartAfter = "live/a/seg 1.ts", MaxKeys = 3 })));
        await Step("pages of 2 by /", async () =>
        {
            var pages = new List<string>();
            string? token = null;
            do
            {
                var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "airwave-archive", Delimiter = "/", MaxKeys = 2, ContinuationToken = token });
                pages.Add(Listing(page));
                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token is not null && pages.Count < 10);
            return string.Join(" | ", pages);
        });

        await Step("head", async () =>
        {
            var head = await s3.GetObjectMetadataAsync("airwave-archive", "clips/index_1.mp4");
            return $"{head.ContentLength} {head.Headers.ContentType} {head.ETag} section={head.Metadata["section"]}";
        });
        await Step("default content type", async () => (await s3.GetObjectMetadataAsync("airwave-archive", "top.txt")).Headers.ContentType);
        await Step("range 2-5", async () => await ReadAsync(await s3.GetObjectAsync(new GetObjectRequest { BucketName = "airwave-archive", Key = "clips/index_1.mp4", ByteRange = new ByteRange(2, 5) })));
        await Step("range past the end", async () => await ReadAsync(await s3.GetObjectAsync(new GetObjectRequest { BucketName = "airwave-archive", Key = "clips/index_1.mp4", ByteRange = new ByteRange(20, 30) })));
        await Step("tags", async () => string.Join(",", (await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = "airwave-archive", Key = "clips/index_1.mp4" })).Tagging.Select(t => $"{t.Key}={t.Value}")));
        await Step("copy", async () => (await s3.CopyObjectAsync("airwave-archive", "clips/index_1.mp4", "airwave-archive", "clips/copy.mp4")).ETag);
        await Step("copy keeps type", async () => (await s3.GetObjectMetadataAsync("airwave-archive", "clips/copy.mp4")).Headers.ContentType);
        await Step("get missing key", async () => await ReadAsync(await s3.GetObjectAsync("airwave-archive", "nothing")));
        await Step("get from missing bucket", async () => await ReadAsync(await s3.GetObjectAsync("no-such-bucket", "nothing")));
        await Step("delete non-empty bucket", async () => (await s3.DeleteBucketAsync("airwave-archive")).HttpStatusCode.ToString());

        await Step("multipart", async () =>
        {
            var upload = await s3.InitiateMultipartUploadAsync("airwave-archive", "big.ts");
            var first = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "airwave-archive", Key = "big.ts", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(Filled(5 * 1024 * 1024, 1)) });
            var second = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "airwave-archive", Key = "big.ts", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream(Filled(1000, 2)) });
            var done = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = "airwave-archive",
                Key = "big.ts",
                UploadId = upload.UploadId,
                PartETags = [new PartETag(1, first.ETag), new PartETag(2, second.ETag)],
            });
            return $"{first.ETag} {second.ETag} {done.ETag} {(await s3.GetObjectMetadataAsync("airwave-archive", "big.ts")).ContentLength}";
        });
        await Step("multipart with a small first part", async () =>
        {
            var upload = await s3.InitiateMultipartUploadAsync("airwave-archive", "small.ts");
            var first = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "airwave-archive", Key = "small.ts", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(Filled(100, 1)) });
            var second = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "airwave-archive", Key = "small.ts", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream(Filled(100, 2)) });
            return (await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = "airwave-archive",
                Key = "small.ts",
                UploadId = upload.UploadId,
                PartETags = [new PartETag(1, first.ETag), new PartETag(2, second.ETag)],
            })).ETag;
        });
        await Step("list uploads in progress", async () =>
        {
            var first = await s3.InitiateMultipartUploadAsync("airwave-archive", "pending/a.mp4");
            await s3.InitiateMultipartUploadAsync("airwave-archive", "pending/b.mp4");
            await s3.InitiateMultipartUploadAsync("airwave-archive", "elsewhere/c.mp4");
            var listed = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = "airwave-archive", Prefix = "pending/" });
            await s3.AbortMultipartUploadAsync("airwave-archive", "pending/a.mp4", first.UploadId);
            var after = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = "airwave-archive", Prefix = "pending/" });
            foreach (var left in (await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = "airwave-archive" })).MultipartUploads ?? [])
            {
                await s3.AbortMultipartUploadAsync("airwave-archive", left.Key, left.UploadId);
            }

            return $"{string.Join(",", (listed.MultipartUploads ?? []).Select(u => u.Key))} then {string.Join(",", (after.MultipartUploads ?? []).Select(u => u.Key))} truncated={listed.IsTruncated}";
        });
        await Step("presigned get", async () =>
        {
            var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = "airwave-archive", Key = "live/a/index.m3u8", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Amazon.S3.Protocol.HTTP });
            using var response = await http.GetAsync(new Uri(url));
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        });
        await Step("get cors of a bucket without", async () => (await s3.GetCORSConfigurationAsync("airwave-archive")).Configuration.Rules.Count.ToString(CultureInfo.InvariantCulture));
        await Step("put cors with an unsupported method", async () => (await s3.PutCORSConfigurationAsync("airwave-archive", new CORSConfiguration
        {
            Rules = [new CORSRule { AllowedMethods = ["PATCH"], AllowedOrigins = ["*"] }],
        })).HttpStatusCode.ToString());
        await Step("put cors", async () => (await s3.PutCORSConfigurationAsync("airwave-archive", new CORSConfiguration
        {
            Rules = [new CORSRule { Id = "uploads", AllowedMethods = ["PUT", "GET"], AllowedOrigins = ["https://app.example.com"], AllowedHeaders = ["*"], ExposeHeaders = ["ETag"], MaxAgeSeconds = 3000 }],
        })).HttpStatusCode.ToString());
        await Step("get cors", async () => string.Join(" | ", (await s3.GetCORSConfigurationAsync("airwave-archive")).Configuration.Rules.Select(r =>
            $"{r.Id} {string.Join(",", r.AllowedMethods)} {string.Join(",", r.AllowedOrigins)} {string.Join(",", r.AllowedHeaders)} {string.Join(",", r.ExposeHeaders)} {r.MaxAgeSeconds}")));
        await Step("preflight from the allowed origin", async () => await PreflightAsync(http, endpoint, "https://app.example.com", "PUT"));
        await Step("preflight from another origin", async () => await PreflightAsync(http, endpoint, "https://elsewhere.example.com", "PUT"));
        await Step("get from the allowed origin", async () =>
        {
            var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = "airwave-archive", Key = "top.txt", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Amazon.S3.Protocol.HTTP });
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Origin", "https://app.example.com" } } };
            using var response = await http.SendAsync(request);
            return $"{(int)response.StatusCode} {AllowedOrigin(response)}";
        });
        await Step("delete cors", async () => (await s3.DeleteCORSConfigurationAsync("airwave-archive")).HttpStatusCode.ToString());
        await Step("get cors after delete", async () => (await s3.GetCORSConfigurationAsync("airwave-archive")).Configuration.Rules.Count.ToString(CultureInfo.InvariantCulture));

        await Step("delete objects", async () =>
        {
            var result = await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = "airwave-archive", Objects = [new KeyVersion { Key = "top.txt" }, new KeyVersion { Key = "never-existed" }] });
            return string.Join(",", result.DeletedObjects.Select(d => d.Key).Order(StringComparer.Ordinal));
        });
        await Step("list after delete", async () => Listing(await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "airwave-archive", Delimiter = "/" })));
        return seen;
    }

    /// <summary>A browser's preflight for a key in the bucket: its status and the origin it allows.</summary>
    private static async Task<string> PreflightAsync(HttpClient http, Uri endpoint, string origin, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(endpoint, "airwave-archive/uploads/video.mp4"))
        {
            Headers = { { "Origin", origin }, { "Access-Control-Request-Method", method } },
        };
        using var response = await http.SendAsync(request);

        // moto's server adds an Access-Control-Allow-Origin to its refusals too; S3 does not (the emulator's own tests).
        return response.IsSuccessStatusCode ? $"{(int)response.StatusCode} {AllowedOrigin(response)}" : $"{(int)response.StatusCode}";
    }

    private static string AllowedOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : "(no Access-Control-Allow-Origin)";

    private static string Listing(ListObjectsV2Response page) =>
        $"keys=[{string.Join(",", (page.S3Objects ?? []).Select(o => $"{o.Key}:{o.Size}"))}] prefixes=[{string.Join(",", page.CommonPrefixes ?? [])}] count={page.KeyCount} truncated={page.IsTruncated}";

    private static async Task<string> ReadAsync(GetObjectResponse response)
    {
        using (response)
        {
            using var reader = new StreamReader(response.ResponseStream);
            return $"{(int)response.HttpStatusCode} {response.ContentRange} {await reader.ReadToEndAsync()}";
        }
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
