using System.Net;
using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Sandbox.Aws;
using Amazon.S3.Model;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// VideoAssets on AWS whose file is uploaded: PUT to status.uploadUrl (with curl, or from a browser at the asset's
/// origin, which the bucket's CORS rule admits), or sent in parts through the webhook service; a file that is no video,
/// an upload left open, and the bucket's CORS rule under faults.
/// </summary>
[Collection(Collection)]
public sealed class AwsVideoUploadTests(OperatorSandbox sandbox) : AwsVideoTestBase(sandbox)
{
    private static readonly int[] BothParts = [1, 2];
    private static readonly int[] OutOfRange = [0, 10_001];

    [Fact]
    public async Task A_file_put_with_curl_to_the_upload_url_becomes_a_ladder_and_browsers_at_its_origin_may_put()
    {
        var file = await TestMedia.ClipAsync(Files.FullName, seconds: 4);
        var ns = await Sandbox.CreateNamespaceAsync();

        await ApplySourceAsync(ns, "upload", "directUpload: { corsOrigin: \"https://app.example.com\", timeoutSeconds: 900 }");
        var waiting = await Sandbox.WaitForAsync(ns, "videoasset", "upload", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");

        var status = waiting!["status"]!;
        Assert.Equal("WaitingForUpload", (string?)status["phase"]);
        Assert.Equal("waiting", (string?)status["upload"]!["state"]);
        Assert.InRange(DateTimeOffset.Parse((string)status["uploadUrlExpiresAt"]!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
        Assert.Equal("WaitingForUpload", Reason(waiting, "Uploaded"));
        var uploadUrl = (string)status["uploadUrl"]!;

        // A page at the asset's origin may PUT there (the bucket's CORS rule allows it); one elsewhere may not.
        using (var preflight = await PreflightAsync(uploadUrl, "https://app.example.com"))
        {
            Assert.True(preflight.StatusCode == HttpStatusCode.OK, await preflight.Content.ReadAsStringAsync());
            Assert.Equal("https://app.example.com", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        using (var elsewhere = await PreflightAsync(uploadUrl, "https://elsewhere.example.com"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        }

        var put = await ProcessRunner.RunAsync("curl", ["--fail-with-body", "-sS", "-T", file, uploadUrl], TimeSpan.FromSeconds(60));
        Assert.True(put.ExitCode == 0, put.ToString());
        var ready = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "upload"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "upload settles");

        status = ready!["status"]!;
        Assert.True((string?)status["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal("asset_created", (string?)status["upload"]!["state"]);
        Assert.Equal("True", Status(ready, "Uploaded"));
        Assert.Null(status["uploadUrl"]);
        var assetId = (string)status["assetId"]!;
        Assert.Equal($"s3://{Sandbox.Host.Aws!.Options.VideoBucket}/videos/{assetId}/source", (string?)status["sourceUrl"]);
        Assert.Equal(new FileInfo(file).Length, (long)status["metadata"]!["fileSize"]!);
        var streams = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,width,height", "-of", "csv=p=0", (string)status["playbackUrl"]!], TimeSpan.FromSeconds(60));
        Assert.True(streams.ExitCode == 0, streams.ToString());
        Assert.Contains("video,640,360", streams.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("audio", streams.StandardOutput, StringComparison.Ordinal);
        await Sandbox.WaitForEventAsync(ns, "upload", "UploadCreated");

        // The uploaded file stays beside what was made of it, and goes with the asset.
        Assert.Contains("source", await KeysAsync(assetId));
        await Sandbox.Kubectl.SucceedAsync("delete", "videoasset", "upload", "-n", ns, "--timeout=60s");
        Assert.Empty(await KeysAsync($"{ns}/upload-"));
    }

    [Fact]
    public async Task A_file_sent_in_parts_through_the_webhook_service_becomes_a_ladder_for_a_caller_who_may_update_the_asset()
    {
        // Noise, losslessly: a file past S3's 5 MiB smallest part, which goes in two.
        var file = Path.Combine(Files.FullName, "parts.mp4");
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=25:duration=2", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-vf", "noise=alls=20:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 6 << 20, $"the lossless video is {bytes.Length} bytes, too small for two parts");
        var ns = await Sandbox.CreateNamespaceAsync();
        await ApplySourceAsync(ns, "parts", "directUpload: {}");
        await Sandbox.WaitForAsync(ns, "videoasset", "parts", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");
        var (uploader, viewer) = await UploadCallersAsync(ns, "parts");
        var multipart = new Uri(Sandbox.Host.MuxCallbackUrl!, $"/v1/video-uploads/{ns}/parts/multipart");

        // One who may only get the asset may not upload its file.
        using (var refused = await SendAsync(HttpMethod.Post, multipart, viewer, null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var started = await SendAsync(HttpMethod.Post, multipart, uploader, null);
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var uploadId = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["uploadId"]!;
        using (var tooMany = await SendAsync(HttpMethod.Post, new Uri($"{multipart}/{uploadId}/parts"), uploader, new { partNumbers = OutOfRange }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        }

        using var signed = await SendAsync(HttpMethod.Post, new Uri($"{multipart}/{uploadId}/parts"), uploader, new { partNumbers = BothParts });
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
        var urls = JsonNode.Parse(await signed.Content.ReadAsStringAsync())!["parts"]!.AsArray().ToDictionary(p => (int)p!["partNumber"]!, p => (string)p!["url"]!);
        var etags = new List<object>();
        foreach (var (number, range) in new[] { (1, bytes[..(5 << 20)]), (2, bytes[(5 << 20)..]) })
        {
            using var part = await Http.PutAsync(new Uri(urls[number]), new ByteArrayContent(range));
            Assert.True(part.IsSuccessStatusCode, await part.Content.ReadAsStringAsync());
            etags.Add(new { partNumber = number, etag = part.Headers.ETag!.Tag });
        }

        using (var unknown = await SendAsync(HttpMethod.Post, new Uri($"{multipart}/no-such-upload/complete"), uploader, new { parts = etags }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var completed = await SendAsync(HttpMethod.Post, new Uri($"{multipart}/{uploadId}/complete"), uploader, new { parts = etags });
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        var ready = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "parts"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "parts settles");

        Assert.True((string?)ready!["status"]!["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal(bytes.Length, (long)ready["status"]!["metadata"]!["fileSize"]!);
        Assert.Equal((string?)ready["status"]!["sourceUrl"], (string?)JsonNode.Parse(await completed.Content.ReadAsStringAsync())!["sourceUrl"]);

        // The upload took its file: no more parts go to it.
        using var late = await SendAsync(HttpMethod.Post, multipart, uploader, null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task An_upload_in_parts_left_open_is_aborted_when_the_asset_is_deleted()
    {
        var ns = await Sandbox.CreateNamespaceAsync();
        await ApplySourceAsync(ns, "abandoned", "directUpload: {}");
        await Sandbox.WaitForAsync(ns, "videoasset", "abandoned", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");
        var (uploader, _) = await UploadCallersAsync(ns, "abandoned");
        using var started = await SendAsync(HttpMethod.Post, new Uri(Sandbox.Host.MuxCallbackUrl!, $"/v1/video-uploads/{ns}/abandoned/multipart"), uploader, null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Single(await OpenUploadsAsync($"{ns}/abandoned-"));

        await Sandbox.Kubectl.SucceedAsync("delete", "videoasset", "abandoned", "-n", ns, "--timeout=60s");

        Assert.Empty(await OpenUploadsAsync($"{ns}/abandoned-"));
    }

    /// <summary>Service accounts of the namespace and their tokens for the webhook service: one that may update the asset, one that may only get it.</summary>
    private async Task<(string Uploader, string Viewer)> UploadCallersAsync(string ns, string name)
    {
        var (viewer, _) = await Sandbox.PlaybackCallersAsync(ns, name, "videoassets.media.airwave.dev");
        await Sandbox.Kubectl.SucceedAsync("create", "serviceaccount", "uploader", "-n", ns);
        await Sandbox.Kubectl.SucceedAsync("create", "role", $"upload-{name}", "-n", ns, "--verb=get,update", "--resource=videoassets.media.airwave.dev", $"--resource-name={name}");
        await Sandbox.Kubectl.SucceedAsync("create", "rolebinding", $"uploader-{name}", "-n", ns, $"--role=upload-{name}", $"--serviceaccount={ns}:uploader");
        var uploader = (await Sandbox.Kubectl.SucceedAsync("create", "token", "uploader", "-n", ns, "--audience=airwave-playback")).Trim();
        return (uploader, viewer);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, string bearer, object? body)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The keys of the uploads in parts still open in the video bucket under videos/<paramref name="prefix"/>.</summary>
    private async Task<IReadOnlyList<string>> OpenUploadsAsync(string prefix)
    {
        var aws = Sandbox.Host.Aws!;
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(aws.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        var listed = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = aws.Options.VideoBucket, Prefix = $"videos/{prefix}" });
        return [.. (listed.MultipartUploads ?? []).Select(u => u.Key)];
    }

    [Fact]
    public async Task A_text_file_uploaded_as_a_video_ends_errored_and_a_new_upload_url_can_be_asked_for()
    {
        var file = Path.Combine(Files.FullName, "minutes.mp4");
        await File.WriteAllTextAsync(file, "Minutes of the meeting, not a video.\n");
        var ns = await Sandbox.CreateNamespaceAsync();

        await ApplySourceAsync(ns, "minutes", "directUpload: {}");
        var waiting = await Sandbox.WaitForAsync(ns, "videoasset", "minutes", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");
        var first = (string)waiting!["status"]!["uploadUrl"]!;
        var put = await ProcessRunner.RunAsync("curl", ["--fail-with-body", "-sS", "-T", file, first], TimeSpan.FromSeconds(60));
        Assert.True(put.ExitCode == 0, put.ToString());
        var errored = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "minutes"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "minutes settles");

        Assert.True((string?)errored!["status"]!["phase"] == "Errored", errored.ToJsonString());
        Assert.Equal("NotAVideo", Reason(errored, "Ready"));
        var assetId = (string)errored["status"]!["assetId"]!;
        Assert.Equal(["job/report.json"], await KeysAsync(assetId));

        await Sandbox.Kubectl.SucceedAsync("annotate", "videoasset", "minutes", "-n", ns, "media.airwave.dev/new-upload=1");
        var again = await Sandbox.WaitForAsync(ns, "videoasset", "minutes", a => a?["status"]?["uploadUrl"] is { } url && (string?)url != first, "a new upload URL");

        Assert.Equal("WaitingForUpload", (string?)again!["status"]!["phase"]);
        Assert.Equal("WaitingForUpload", Reason(again, "Ready"));
        Assert.Null(again["status"]!["assetId"]);
        Assert.NotEqual((string?)errored["status"]!["upload"]!["id"], (string?)again["status"]!["upload"]!["id"]);
    }

    [Fact]
    public async Task A_refused_cors_write_and_a_lost_answer_after_one_leave_one_upload_rule_beside_the_buckets_own()
    {
        var aws = Sandbox.Host.Aws!;
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(aws.BaseAddress) with { Retry = new AwsRetryOptions { MaxRetries = 0 } }, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        var bucket = aws.Options.VideoBucket;
        var existing = await RulesAsync(s3, bucket);
        var own = new CORSRule { Id = "cdn-reads", AllowedMethods = ["GET"], AllowedOrigins = ["https://cdn.example.com"] };
        await s3.PutCORSConfigurationAsync(bucket, new CORSConfiguration { Rules = [.. existing.Where(r => r.Id != own.Id), own] });
        var ns = await Sandbox.CreateNamespaceAsync();
        aws.Faults.FailNext(1, AwsServiceKind.S3, "PutBucketCors");
        aws.Faults.LoseResponseOfNext(1, AwsServiceKind.S3, "PutBucketCors");

        await ApplySourceAsync(ns, "faulty-upload", "directUpload: { corsOrigin: \"https://studio.example.com\" }");
        var waiting = await Sandbox.WaitForAsync(ns, "videoasset", "faulty-upload", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");

        var rules = await RulesAsync(s3, bucket);
        var uploads = Assert.Single(rules, r => r.Id == "airwave-video-uploads");
        Assert.Contains("https://studio.example.com", uploads.AllowedOrigins);
        Assert.Equal(["PUT"], uploads.AllowedMethods);
        Assert.Contains(rules, r => r.Id == own.Id && r.AllowedOrigins.SequenceEqual(own.AllowedOrigins));
        Assert.DoesNotContain(aws.Faults.Current().Faults, f => f.Operation == "PutBucketCors" && f.Remaining > 0);
        await Sandbox.WaitForEventAsync(ns, "faulty-upload", "UploadCreated");
        Assert.Equal("WaitingForUpload", (string?)waiting!["status"]!["phase"]);
        using var preflight = await PreflightAsync((string)waiting["status"]!["uploadUrl"]!, "https://studio.example.com");
        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
    }

    private static async Task<IReadOnlyList<CORSRule>> RulesAsync(Amazon.S3.IAmazonS3 s3, string bucket)
    {
        try
        {
            return (await s3.GetCORSConfigurationAsync(bucket)).Configuration?.Rules ?? [];
        }
        catch (Amazon.S3.AmazonS3Exception e) when (e.ErrorCode == "NoSuchCORSConfiguration")
        {
            return [];
        }
    }

    /// <summary>What a browser asks before it PUTs a file from a page at <paramref name="origin"/>.</summary>
    private async Task<HttpResponseMessage> PreflightAsync(string url, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, url)
        {
            Headers = { { "Origin", origin }, { "Access-Control-Request-Method", "PUT" }, { "Access-Control-Request-Headers", "content-type" } },
        };
        return await Http.SendAsync(request);
    }
}
