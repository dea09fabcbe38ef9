using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace Airwave.Aws.Tests.S3;

/// <summary>
/// The AWS SDK's S3 client, as the operator builds it, against the emulator: the SDK's defaults (aws-chunked
/// uploads with signed chunks and a CRC32 trailer, checksum validation on download) and its helpers
/// (TransferUtility, paginators, presigned URLs) all work.
/// </summary>
public sealed class S3SdkTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private EmulatorHarness _aws = null!;
    private IAmazonS3 _s3 = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(_aws.Emulator.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        await _s3.PutBucketAsync("recordings");
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _s3.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task An_object_put_with_the_sdk_defaults_comes_back_with_its_metadata_and_a_validated_checksum()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "recordings",
            Key = "live/session-1/segment 00001.ts",
            InputStream = new MemoryStream(content),
            ContentType = "video/mp2t",
            Metadata = { ["session"] = "1" },
        });
        using var got = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = "recordings", Key = "live/session-1/segment 00001.ts", ChecksumMode = ChecksumMode.ENABLED });
        using var read = new MemoryStream();
        await got.ResponseStream.CopyToAsync(read);

        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        Assert.True(content.AsSpan().SequenceEqual(read.ToArray()));
        Assert.Equal("video/mp2t", got.Headers.ContentType);
        Assert.Equal("1", got.Metadata["session"]);
        Assert.False(string.IsNullOrEmpty(got.ChecksumCRC32), "the SDK sent a CRC32 and S3 returns it when asked");
        Assert.Equal(put.ETag, got.ETag);
    }

    [Fact]
    public async Task TransferUtility_uploads_in_parts_and_a_paginator_lists_every_key()
    {
        var large = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
        using var transfer = new TransferUtility(_s3, new TransferUtilityConfig { MinSizeBeforePartUpload = 8 * 1024 * 1024 });
        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = "recordings",
            Key = "live/session-1/full.ts",
            InputStream = new MemoryStream(large),
            PartSize = 5 * 1024 * 1024,
        });
        for (var i = 1; i <= 4; i++)
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "recordings", Key = $"live/session-1/segment_{i:D5}.ts", ContentBody = $"segment {i}" });
        }

        var keys = new List<string>();
        await foreach (var item in _s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = "recordings", Prefix = "live/", MaxKeys = 2 }).S3Objects)
        {
            keys.Add(item.Key);
        }
        var head = await _s3.GetObjectMetadataAsync("recordings", "live/session-1/full.ts");
        var range = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = "recordings", Key = "live/session-1/full.ts", ByteRange = new ByteRange(6 * 1024 * 1024, 6 * 1024 * 1024 + 9) });
        using var ranged = new MemoryStream();
        await range.ResponseStream.CopyToAsync(ranged);

        Assert.Equal(["live/session-1/full.ts", .. Enumerable.Range(1, 4).Select(i => $"live/session-1/segment_{i:D5}.ts")], keys);
        Assert.Equal(large.Length, head.ContentLength);
        Assert.EndsWith("-3\"", head.ETag, StringComparison.Ordinal);
        Assert.Equal(large.AsSpan(6 * 1024 * 1024, 10).ToArray(), ranged.ToArray());
        Assert.Equal(3, _aws.Emulator.Inventory.Calls.Counts["S3.UploadPart"]);
    }

    [Fact]
    public async Task An_object_of_tens_of_megabytes_goes_up_in_one_presigned_put_as_s3_takes_it()
    {
        // A transcoded rendition's file: S3 takes up to 5 GB in one PUT.
        var content = RandomNumberGenerator.GetBytes(40 * 1024 * 1024);
        var presigner = new S3Presigner(_s3, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials), TimeProvider.System);
        var upload = (await presigner.PresignAsync("recordings", "videos/720p_000.ts", HttpVerb.PUT, DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None, "video/mp2t")).Url;
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("video/mp2t");

        using var put = await _http.PutAsync(new Uri(upload), body);
        var stored = await _s3.GetObjectMetadataAsync("recordings", "videos/720p_000.ts");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(content.LongLength, stored.ContentLength);
    }

    [Fact]
    public async Task Presigned_urls_let_a_plain_http_client_upload_and_download()
    {
        var upload = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "recordings",
            Key = "clips/index_1.mp4",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        using var put = await _http.PutAsync(new Uri(upload), new ByteArrayContent("not really an mp4"u8.ToArray()));
        var download = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "recordings",
            Key = "clips/index_1.mp4",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        var fetched = await _http.GetStringAsync(new Uri(download));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("not really an mp4", fetched);
        Assert.StartsWith(_aws.Emulator.BaseAddress.ToString(), download, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_preflight_is_answered_by_the_first_rule_allowing_its_origin_method_and_headers()
    {
        await _s3.PutCORSConfigurationAsync("recordings", new CORSConfiguration
        {
            Rules =
            [
                new CORSRule { AllowedMethods = ["PUT"], AllowedOrigins = ["https://*.example.com"], AllowedHeaders = ["content-type", "x-amz-*"], ExposeHeaders = ["ETag"], MaxAgeSeconds = 600 },
                new CORSRule { AllowedMethods = ["GET", "HEAD"], AllowedOrigins = ["*"] },
            ],
        });

        using var allowed = await PreflightAsync("https://app.example.com", "PUT", "Content-Type, x-amz-meta-title");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://app.example.com", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Equal("PUT", Header(allowed, "Access-Control-Allow-Methods"));
        Assert.Equal("Content-Type, x-amz-meta-title", Header(allowed, "Access-Control-Allow-Headers"));
        Assert.Equal("true", Header(allowed, "Access-Control-Allow-Credentials"));
        Assert.Equal("ETag", Header(allowed, "Access-Control-Expose-Headers"));
        Assert.Equal("600", Header(allowed, "Access-Control-Max-Age"));

        // A header no rule names, a method no rule allows for the origin, and an origin outside the pattern are refused.
        foreach (var (origin, method, headers) in new[] { ("https://app.example.com", "PUT", "x-custom"), ("https://app.example.com", "DELETE", ""), ("https://example.org", "PUT", "") })
        {
            using var refused = await PreflightAsync(origin, method, headers);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("<Code>AccessForbidden</Code>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null(Header(refused, "Access-Control-Allow-Origin"));
        }

        // The rule for any origin answers with *, without credentials.
        using var anyone = await PreflightAsync("https://example.org", "GET", "");
        Assert.Equal("*", Header(anyone, "Access-Control-Allow-Origin"));
        Assert.Null(Header(anyone, "Access-Control-Allow-Credentials"));

        // The upload itself, as the browser sends it after the preflight, names its origin and gets the rule's headers.
        var upload = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = "recordings", Key = "uploads/video.mp4", Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        using var put = new HttpRequestMessage(HttpMethod.Put, upload) { Content = new ByteArrayContent("video"u8.ToArray()), Headers = { { "Origin", "https://app.example.com" } } };
        using var stored = await _http.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal("https://app.example.com", Header(stored, "Access-Control-Allow-Origin"));
        Assert.Equal("ETag", Header(stored, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task A_cors_configuration_with_a_rule_s3_refuses_is_refused_and_nothing_is_kept()
    {
        using var none = await PreflightAsync("https://app.example.com", "PUT", "");
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Contains("CORS is not enabled for this bucket", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var invalid = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutCORSConfigurationAsync("recordings", new CORSConfiguration
        {
            Rules = [new CORSRule { AllowedMethods = ["PUT"], AllowedOrigins = ["https://*.*.example.com"] }],
        }));
        Assert.Equal("InvalidRequest", invalid.ErrorCode);
        Assert.Contains("can not have more than one wildcard", invalid.Message, StringComparison.Ordinal);

        var tooMany = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutCORSConfigurationAsync("recordings", new CORSConfiguration
        {
            Rules = [.. Enumerable.Range(0, 101).Select(i => new CORSRule { AllowedMethods = ["GET"], AllowedOrigins = [$"https://site{i}.example.com"] })],
        }));
        Assert.Equal("MalformedXML", tooMany.ErrorCode);
        await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetCORSConfigurationAsync("recordings"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin, string method, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(_aws.Emulator.BaseAddress, "recordings/uploads/video.mp4"))
        {
            Headers = { { "Origin", origin }, { "Access-Control-Request-Method", method } },
        };
        if (headers.Length > 0)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return await _http.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    [Fact]
    public async Task Virtual_hosted_addressing_reaches_the_same_bucket()
    {
        // bucket.localhost names need no DNS here: every connection goes to the emulator's loopback port.
        var port = _aws.Emulator.BaseAddress.Port;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var virtualHosted = new AmazonS3Client(new SdkCredentials(new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials)), new AmazonS3Config
        {
            ServiceURL = $"http://localhost:{port}",
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = false,
            HttpClientFactory = new FixedHttpClientFactory(handler),
        });

        await virtualHosted.PutObjectAsync(new PutObjectRequest { BucketName = "recordings", Key = "live/virtual.txt", ContentBody = "hosted" });
        var pathStyle = await _s3.GetObjectAsync("recordings", "live/virtual.txt");
        using var reader = new StreamReader(pathStyle.ResponseStream);

        Assert.Equal("hosted", await reader.ReadToEndAsync());
        Assert.Equal(["live/virtual.txt"], _aws.Emulator.Inventory.Keys("recordings"));
    }

    [Fact]
    public async Task S3_errors_reach_the_sdk_with_their_codes()
    {
        var missingKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync("recordings", "nothing-here"));
        var invalidBucket = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutBucketAsync("Not_A_Bucket"));
        var missingBucket = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "no-such-bucket" }));
        using var wrongSecret = S3ClientFactory.Create(
            AwsClientOptions.ForEmulator(_aws.Emulator.BaseAddress),
            new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials with { SecretAccessKey = "wrong" }));
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => wrongSecret.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "recordings" }));
        var smallPart = await _s3.InitiateMultipartUploadAsync("recordings", "too-small.ts");
        var part1 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = "recordings", Key = "too-small.ts", UploadId = smallPart.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[10]) });
        var part2 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = "recordings", Key = "too-small.ts", UploadId = smallPart.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[10]) });
        var tooSmall = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "recordings",
            Key = "too-small.ts",
            UploadId = smallPart.UploadId,
            PartETags = [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)],
        }));

        Assert.Equal(("NoSuchKey", HttpStatusCode.NotFound), (missingKey.ErrorCode, missingKey.StatusCode));
        Assert.Equal(("NoSuchBucket", HttpStatusCode.NotFound), (missingBucket.ErrorCode, missingBucket.StatusCode));
        Assert.Equal(("InvalidBucketName", HttpStatusCode.BadRequest), (invalidBucket.ErrorCode, invalidBucket.StatusCode));
        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.Forbidden), (refused.ErrorCode, refused.StatusCode));
        Assert.Equal(("EntityTooSmall", HttpStatusCode.BadRequest), (tooSmall.ErrorCode, tooSmall.StatusCode));
    }

    [Fact]
    public async Task A_throttled_or_answerless_upload_is_retried_and_stored_once()
    {
        _aws.Emulator.Faults.ThrottleNext(2, AwsServiceKind.S3, "PutObject");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "recordings", Key = "live/throttled.ts", ContentBody = "after two SlowDowns" });
        _aws.Emulator.Faults.LoseResponseOfNext(1, AwsServiceKind.S3, "PutObject");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "recordings", Key = "live/lost.ts", ContentBody = "stored before the answer was lost" });
        var lost = await _s3.GetObjectAsync("recordings", "live/lost.ts");
        using var reader = new StreamReader(lost.ResponseStream);

        Assert.Equal(2 + 1 + 1 + 1, _aws.Emulator.Inventory.Calls.Counts["S3.PutObject"]);
        Assert.Equal("stored before the answer was lost", await reader.ReadToEndAsync());
        Assert.Equal(["live/lost.ts", "live/throttled.ts"], _aws.Emulator.Inventory.Keys("recordings"));
    }

    private sealed class FixedHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }
}
