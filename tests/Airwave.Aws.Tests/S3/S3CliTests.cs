using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Airwave.Aws.Credentials;
using Airwave.Aws.Signing;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.S3;

/// <summary>
/// The real AWS CLI's `s3` and `s3api` commands against the emulator's S3: the CLI signs, chunks, paginates and
/// parses with botocore's S3 model, so what passes here is what a user's own scripts will see.
/// </summary>
public sealed class S3CliTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private EmulatorHarness _aws = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _cli.Dispose();
        _http.Dispose();
    }

    /// <summary>
    /// What the AWS CLI v1 sends by default for `s3 presign`, and any client set to signature version "s3": SigV2, made
    /// here with botocore as the CLI v1 makes it. S3 refuses it for buckets made since 2020, and so does the emulator,
    /// saying what to use.
    /// </summary>
    [Fact]
    public async Task Sigv2_presigned_urls_and_requests_are_refused_saying_to_use_sigv4()
    {
        Assert.Equal(0, (await _cli.RunAsync("s3", "mb", "s3://legacy")).ExitCode);
        var script = $$"""
            import botocore.session
            from botocore.config import Config
            from botocore.exceptions import ClientError
            client = botocore.session.get_session().create_client(
                's3', region_name='us-east-1', endpoint_url='{{_aws.Emulator.BaseAddress}}',
                aws_access_key_id='{{AwsEmulatorOptions.TestCredentials.AccessKeyId}}',
                aws_secret_access_key='{{AwsEmulatorOptions.TestCredentials.SecretAccessKey}}',
                config=Config(signature_version='s3', s3={'addressing_style': 'path'}))
            print(client.generate_presigned_url('get_object', Params={'Bucket': 'legacy', 'Key': 'clip.mp4'}))
            try:
                client.put_object(Bucket='legacy', Key='clip.mp4', Body=b'x')
                print('accepted')
            except ClientError as e:
                print(e.response['Error']['Code'] + ': ' + e.response['Error']['Message'])
            """;
        var made = await ProcessRunner.RunAsync("python3", ["-c", script], TimeSpan.FromSeconds(60));
        var lines = made.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var http = new HttpClient();
        using var presigned = await http.GetAsync(new Uri(lines[0]));
        var body = await presigned.Content.ReadAsStringAsync();

        const string Refusal = "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.";
        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.Contains("Signature=", lines[0], StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, presigned.StatusCode);
        Assert.Contains("<Code>InvalidRequest</Code>", body, StringComparison.Ordinal);
        Assert.Contains(Refusal, body, StringComparison.Ordinal);
        Assert.Equal($"InvalidRequest: {Refusal}", lines[1]);
        Assert.Empty(_aws.Emulator.Inventory.Keys("legacy"));
    }

    [Fact]
    public async Task A_large_file_goes_up_in_parts_and_comes_back_byte_for_byte()
    {
        var original = RandomNumberGenerator.GetBytes(20 * 1024 * 1024 + 123);
        await File.WriteAllBytesAsync(_cli.PathOf("recording.ts"), original);

        Assert.Equal(0, (await _cli.RunAsync("s3", "mb", "s3://recordings")).ExitCode);
        var upload = await _cli.RunAsync("s3", "cp", _cli.PathOf("recording.ts"), "s3://recordings/live/session-1/recording.ts");
        var head = (await _cli.RunAsync("s3api", "head-object", "--bucket", "recordings", "--key", "live/session-1/recording.ts")).Json;
        var download = await _cli.RunAsync("s3", "cp", "s3://recordings/live/session-1/recording.ts", _cli.PathOf("downloaded.ts"));

        Assert.True(upload.ExitCode == 0, upload.Error);
        Assert.True(download.ExitCode == 0, download.Error);
        Assert.Equal(original.Length, (long)head["ContentLength"]!);

        // The CLI uploads files over 8 MiB in 8 MiB parts: the ETag is the multipart one, MD5 of MD5s and a part count.
        Assert.Matches("^\"[0-9a-f]{32}-3\"$", (string)head["ETag"]!);
        Assert.Equal(1, _aws.Emulator.Inventory.Calls.Counts["S3.CreateMultipartUpload"]);
        Assert.Equal(3, _aws.Emulator.Inventory.Calls.Counts["S3.UploadPart"]);
        var downloaded = await File.ReadAllBytesAsync(_cli.PathOf("downloaded.ts"));
        Assert.True(original.AsSpan().SequenceEqual(downloaded));
    }

    [Fact]
    public async Task Listings_show_prefixes_and_paginate_with_continuation_tokens()
    {
        var directory = Directory.CreateDirectory(_cli.PathOf("session-1"));
        for (var i = 1; i <= 5; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, $"segment_{i:D5}.ts"), new string('x', i * 100));
        }
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "index.m3u8"), "#EXTM3U\n");
        await _cli.RunAsync("s3", "mb", "s3://recordings");
        var copy = await _cli.RunAsync("s3", "cp", "--recursive", directory.FullName, "s3://recordings/live/session-1/");
        await _cli.RunAsync("s3", "cp", Path.Combine(directory.FullName, "index.m3u8"), "s3://recordings/live/session-2/index.m3u8");

        var top = await _cli.RunAsync("s3", "ls", "s3://recordings/live/");
        var recursive = await _cli.RunAsync("s3", "ls", "--recursive", "s3://recordings/live/session-1/");
        var paged = (await _cli.RunAsync("s3api", "list-objects-v2", "--bucket", "recordings", "--prefix", "live/session-1/", "--page-size", "2")).Json;
        var firstPage = (await _cli.RunAsync("s3api", "list-objects-v2", "--bucket", "recordings", "--prefix", "live/", "--max-items", "4")).Json;
        var rest = (await _cli.RunAsync("s3api", "list-objects-v2", "--bucket", "recordings", "--prefix", "live/", "--starting-token", (string)firstPage["NextToken"]!)).Json;
        var folders = (await _cli.RunAsync("s3api", "list-objects-v2", "--bucket", "recordings", "--prefix", "live/", "--delimiter", "/")).Json;

        Assert.True(copy.ExitCode == 0, copy.Error);
        Assert.Contains("PRE session-1/", top.Output, StringComparison.Ordinal);
        Assert.Contains("PRE session-2/", top.Output, StringComparison.Ordinal);
        Assert.Contains("500 live/session-1/segment_00005.ts", recursive.Output, StringComparison.Ordinal);
        Assert.Equal(6, recursive.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(
            ["live/session-1/index.m3u8", .. Enumerable.Range(1, 5).Select(i => $"live/session-1/segment_{i:D5}.ts")],
            paged["Contents"]!.AsArray().Select(o => (string)o!["Key"]!));
        Assert.Equal(4, firstPage["Contents"]!.AsArray().Count);
        Assert.Equal(3, rest["Contents"]!.AsArray().Count);
        Assert.Equal(["live/session-1/", "live/session-2/"], folders["CommonPrefixes"]!.AsArray().Select(p => (string)p!["Prefix"]!));
        Assert.True(_aws.Emulator.Inventory.Calls.Counts["S3.ListObjectsV2"] >= 3 + 4 + 1, "--page-size 2 over six keys takes three requests");
    }

    [Fact]
    public async Task Ranged_gets_tags_and_deletes_behave_as_in_S3()
    {
        await _cli.RunAsync("s3", "mb", "s3://clips");
        await File.WriteAllTextAsync(_cli.PathOf("clip.txt"), "0123456789abcdefghij");
        await _cli.RunAsync("s3", "cp", _cli.PathOf("clip.txt"), "s3://clips/out/index_1.mp4", "--content-type", "video/mp4");

        var ranged = (await _cli.RunAsync("s3api", "get-object", "--bucket", "clips", "--key", "out/index_1.mp4", "--range", "bytes=5-9", _cli.PathOf("range.txt"))).Json;
        var tagged = await _cli.RunAsync("s3api", "put-object-tagging", "--bucket", "clips", "--key", "out/index_1.mp4", "--tagging", "TagSet=[{Key=stream,Value=workshop},{Key=section,Value=1}]");
        var tags = (await _cli.RunAsync("s3api", "get-object-tagging", "--bucket", "clips", "--key", "out/index_1.mp4")).Json;
        var missing = await _cli.RunAsync("s3api", "get-object", "--bucket", "clips", "--key", "out/index_9.mp4", _cli.PathOf("missing.txt"));
        var notEmpty = await _cli.RunAsync("s3", "rb", "s3://clips");
        var removed = await _cli.RunAsync("s3", "rm", "--recursive", "s3://clips/out/");
        var bucketRemoved = await _cli.RunAsync("s3", "rb", "s3://clips");

        Assert.Equal("bytes 5-9/20", (string)ranged["ContentRange"]!);
        Assert.Equal("video/mp4", (string)ranged["ContentType"]!);
        Assert.Equal("56789", await File.ReadAllTextAsync(_cli.PathOf("range.txt")));
        Assert.True(tagged.ExitCode == 0, tagged.Error);
        Assert.Equal(
            [("stream", "workshop"), ("section", "1")],
            tags["TagSet"]!.AsArray().Select(t => ((string)t!["Key"]!, (string)t["Value"]!)));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("NoSuchKey", missing.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, notEmpty.ExitCode);
        Assert.Contains("BucketNotEmpty", notEmpty.Error, StringComparison.Ordinal);
        Assert.True(removed.ExitCode == 0, removed.Error);
        Assert.True(bucketRemoved.ExitCode == 0, bucketRemoved.Error);
        Assert.Empty(_aws.Emulator.Inventory.Buckets);
    }

    [Fact]
    public async Task A_presigned_url_works_until_it_expires_and_not_when_altered()
    {
        await _cli.RunAsync("s3", "mb", "s3://recordings");
        await File.WriteAllTextAsync(_cli.PathOf("index.m3u8"), "#EXTM3U\n#EXT-X-VERSION:3\n");
        await _cli.RunAsync("s3", "cp", _cli.PathOf("index.m3u8"), "s3://recordings/live/session-1/index.m3u8");

        var url = (await _cli.RunAsync("s3", "presign", "s3://recordings/live/session-1/index.m3u8", "--expires-in", "60")).Output.Trim();
        using var fetched = await _http.GetAsync(new Uri(url));
        using var altered = await _http.GetAsync(new Uri(url.Replace("session-1", "session-2", StringComparison.Ordinal)));
        var expiredUrl = (await _cli.RunAsync("s3", "presign", "s3://recordings/live/session-1/index.m3u8", "--expires-in", "1")).Output.Trim();
        await Task.Delay(TimeSpan.FromSeconds(2.1));
        using var expired = await _http.GetAsync(new Uri(expiredUrl));

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("#EXTM3U\n#EXT-X-VERSION:3\n", await fetched.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, altered.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", ErrorCode(await altered.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal("AccessDenied", ErrorCode(await expired.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Unsigned_and_wrongly_signed_requests_are_refused_as_S3_refuses_them()
    {
        await _cli.RunAsync("s3", "mb", "s3://recordings");

        using var anonymous = await _http.GetAsync(new Uri(_aws.Emulator.BaseAddress, "recordings?list-type=2"));
        using var wrongRegion = await SignedGetAsync("recordings?list-type=2", AwsEmulatorOptions.TestCredentials, "eu-west-1");
        using var unknownKey = await SignedGetAsync("recordings?list-type=2", new AwsCredentials("AKIAUNKNOWN000000000", "not-the-secret"), "us-east-1");
        using var wrongSecret = await SignedGetAsync("recordings?list-type=2", AwsEmulatorOptions.TestCredentials with { SecretAccessKey = "not-the-secret" }, "us-east-1");

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal("AccessDenied", ErrorCode(await anonymous.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, wrongRegion.StatusCode);
        Assert.Equal("AuthorizationHeaderMalformed", ErrorCode(await wrongRegion.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, unknownKey.StatusCode);
        Assert.Equal("InvalidAccessKeyId", ErrorCode(await unknownKey.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, wrongSecret.StatusCode);
        var mismatch = await wrongSecret.Content.ReadAsStringAsync();
        Assert.Equal("SignatureDoesNotMatch", ErrorCode(mismatch));
        Assert.DoesNotContain("not-the-secret", mismatch, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> SignedGetAsync(string pathAndQuery, AwsCredentials credentials, string region)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_aws.Emulator.BaseAddress, pathAndQuery));
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", SigV4.HashHex([]));
        HttpRequestSigner.Sign(request, [], credentials, region, "s3", DateTimeOffset.UtcNow);
        return _http.SendAsync(request);
    }

    private static string? ErrorCode(string body) => XElement.Parse(body).Element("Code")?.Value;
}
