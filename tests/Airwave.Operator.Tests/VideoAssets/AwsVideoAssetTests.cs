using System.Net;
using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Sandbox.Aws;
using Amazon.S3.Model;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// VideoAssets hosted on AWS in the sandbox: the transcode Job runs airwave-transcoder as a pod on a URL's video or a
/// file put to the upload URL, the files land in the video bucket and play through the video distribution, a file that
/// is not a video ends Errored leaving only its report, and deletion removes the files (or keeps them, with Retain).
/// </summary>
public sealed class AwsVideoAssetTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private static readonly int[] BothParts = [1, 2];
    private static readonly int[] OutOfRange = [0, 10_001];
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("airwave-aws-videos-");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _http.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task A_video_from_a_url_becomes_a_ladder_that_plays_through_the_distribution_and_goes_when_deleted()
    {
        var file = Path.Combine(_directory.FullName, "talk.mp4");
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25:duration=6", "-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        await using var server = await ClipServer.StartAsync(file);
        var ns = await sandbox.CreateNamespaceAsync();

        await ApplyAsync(ns, "talk", server.ClipUrl.ToString());
        var preparing = await sandbox.WaitForAsync(ns, "videoasset", "talk", a => (string?)a?["status"]?["phase"] is "Preparing" or "Ready" or "Errored", "talk is taken");
        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "talk"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "talk settles");

        var status = ready!["status"]!;
        Assert.True((string?)status["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal("Aws", (string?)status["provider"]);
        Assert.Equal(server.ClipUrl.ToString(), (string?)status["sourceUrl"]);
        Assert.NotNull(preparing!["status"]!["assetId"]);
        var edge = sandbox.Host.Aws!.EdgeAddress(sandbox.Host.Aws.Options.VideoDistributionId).ToString().TrimEnd('/');
        var assetId = (string)status["assetId"]!;
        Assert.StartsWith($"{ns}/talk-", assetId, StringComparison.Ordinal);
        Assert.Equal($"{edge}/videos/{assetId}/hls/master.m3u8", (string?)status["playbackUrl"]);
        Assert.Null(status["progress"]);
        var metadata = status["metadata"]!;
        Assert.InRange((double)metadata["duration"]!, 5.9, 6.2);
        Assert.Equal(("854x480", "427:240", 25.0, "h264"), ((string?)metadata["resolution"], (string?)metadata["aspectRatio"], (double)metadata["fps"]!, (string?)metadata["codec"]));
        Assert.Equal(new FileInfo(file).Length, (long)metadata["fileSize"]!);
        Assert.InRange((long)metadata["bitrate"]!, 1, 20_000);
        Assert.Equal(["video 854x480", "video 640x360", "audio"], metadata["tracks"]!.AsArray().Select(t => t!["width"] is null ? (string)t["type"]! : $"{t["type"]} {t["width"]}x{t["height"]}"));

        // What a viewer gets through the distribution: both renditions decode, and the poster is a picture.
        var streams = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,width,height", "-of", "csv=p=0", (string)status["playbackUrl"]!], TimeSpan.FromSeconds(60));
        Assert.True(streams.ExitCode == 0, streams.ToString());
        Assert.Contains("video,854,480", streams.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("video,640,360", streams.StandardOutput, StringComparison.Ordinal);
        using (var poster = await _http.GetAsync(new Uri((string)status["thumbnailUrl"]!)))
        {
            Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
            Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
        }

        await sandbox.WaitForEventAsync(ns, "talk", "TranscodeStarted");
        Assert.Empty(await ItemsAsync(ns, "jobs"));
        Assert.DoesNotContain(await ItemsAsync(ns, "secrets"), s => ((string?)s["metadata"]!["name"])!.StartsWith("talk-transcode-", StringComparison.Ordinal));
        Assert.DoesNotContain("X-Amz-Signature", ready.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("hls/360p_000.ts", await KeysAsync(assetId));

        await sandbox.Kubectl.SucceedAsync("delete", "videoasset", "talk", "-n", ns, "--timeout=60s");
        Assert.Empty(await KeysAsync($"{ns}/talk-"));
    }

    [Fact]
    public async Task A_text_file_ends_errored_with_its_reason_leaving_only_its_report_which_retain_keeps()
    {
        var file = Path.Combine(_directory.FullName, "notes.mp4");
        await File.WriteAllTextAsync(file, "These are meeting notes, not a video.\n");
        await using var server = await ClipServer.StartAsync(file);
        var ns = await sandbox.CreateNamespaceAsync();

        await ApplyAsync(ns, "notes", server.ClipUrl.ToString(), "deletionPolicy: Retain");
        var errored = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "notes"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "notes settles");

        Assert.Equal("Errored", (string?)errored!["status"]!["phase"]);
        var condition = errored["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("False", "NotAVideo"), ((string?)condition["status"], (string?)condition["reason"]));
        Assert.Equal("The source is not a video ffmpeg can read: source: Invalid data found when processing input", (string?)condition["message"]);
        Assert.Null(errored["status"]!["playbackUrl"]);
        await sandbox.WaitForEventAsync(ns, "notes", "NotAVideo");
        var assetId = (string)errored["status"]!["assetId"]!;
        Assert.Equal(["job/report.json"], await KeysAsync(assetId));
        Assert.Empty(await ItemsAsync(ns, "jobs"));

        await sandbox.Kubectl.SucceedAsync("delete", "videoasset", "notes", "-n", ns, "--timeout=60s");
        Assert.Equal(["job/report.json"], await KeysAsync(assetId));
        await sandbox.WaitForEventAsync(ns, "notes", "Retained");
    }

    [Fact]
    public async Task A_failed_source_put_right_at_its_url_plays_once_the_retry_annotation_asks_and_the_failure_goes()
    {
        var file = Path.Combine(_directory.FullName, "retried.mp4");
        await File.WriteAllTextAsync(file, "Not uploaded properly yet.\n");
        await using var server = await ClipServer.StartAsync(file);
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyAsync(ns, "retried", server.ClipUrl.ToString());
        var errored = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "retried"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "retried settles");
        Assert.Equal("NotAVideo", Reason(errored, "Ready"));
        var failedId = (string)errored!["status"]!["assetId"]!;

        // The file at the URL is put right, and the asset asked to try again.
        File.Copy(await TestMedia.ClipAsync(_directory.FullName), file, overwrite: true);
        await sandbox.Kubectl.SucceedAsync("annotate", "videoasset", "retried", "-n", ns, "media.airwave.dev/retry=1");
        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "retried"), a => (string?)a?["status"]?["phase"] == "Ready", Patience, "retried plays");

        Assert.Equal(server.ClipUrl.ToString(), (string?)ready!["status"]!["sourceUrl"]);
        Assert.NotEqual(failedId, (string?)ready["status"]!["assetId"]);
        Assert.Empty(await KeysAsync(failedId));
    }

    [Fact]
    public async Task A_refused_job_create_and_a_lost_answer_after_one_leave_one_job_and_one_set_of_files()
    {
        var file = await TestMedia.ClipAsync(_directory.FullName);
        await using var server = await ClipServer.StartAsync(file);
        var ns = await sandbox.CreateNamespaceAsync();
        var faults = sandbox.Host.Kubernetes.Faults;
        var creates = 0;
        bool JobCreate(Airwave.Sandbox.Kubernetes.FaultRequest r) => r is { Verb: "create", Resource: "jobs" } && r.Namespace == ns;
        using var watch = faults.Observe(r =>
        {
            if (JobCreate(r))
            {
                Interlocked.Increment(ref creates);
            }
        });
        faults.FailNext(1, 500, JobCreate);
        faults.LoseResponseNext(1, JobCreate);

        await ApplyAsync(ns, "faulty", server.ClipUrl.ToString());
        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "faulty"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "faulty settles");

        Assert.True((string?)ready!["status"]!["phase"] == "Ready", ready.ToJsonString());

        // The refused create and the one whose answer was lost; the next pass found that Job rather than making another.
        Assert.Equal(2, creates);
        Assert.Empty(await ItemsAsync(ns, "jobs"));
        var assetId = (string)ready["status"]!["assetId"]!;
        var folder = assetId[(assetId.LastIndexOf('/') + 1)..];
        Assert.All(await KeysAsync($"{ns}/faulty-"), key => Assert.StartsWith($"{ready["metadata"]!["uid"]!.ToString()[..8]}/{folder}/", key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_writes_lost_while_the_job_runs_settle_once_they_are_written_with_one_set_of_files()
    {
        var file = await TestMedia.ClipAsync(_directory.FullName);
        await using var server = await ClipServer.StartAsync(file);
        var ns = await sandbox.CreateNamespaceAsync();
        var creates = 0;
        using var watch = sandbox.Host.Kubernetes.Faults.Observe(r =>
        {
            if (r is { Verb: "create", Resource: "jobs" } && r.Namespace == ns)
            {
                Interlocked.Increment(ref creates);
            }
        });

        string uid;
        using (sandbox.Host.Kubernetes.Faults.FailWhile(r => r.Subresource == "status" && r.Namespace == ns, 500))
        {
            await ApplyAsync(ns, "unwritten", server.ClipUrl.ToString());
            uid = (string)(await sandbox.WaitForAsync(ns, "videoasset", "unwritten", a => a?["metadata"]?["finalizers"] is not null, "the finalizer added"))!["metadata"]!["uid"]!;

            // The Job runs to its end and its report is stored while no status can be written.
            await Eventually.MatchAsync(() => KeysAsync($"{ns}/unwritten-"), keys => keys.Any(k => k.EndsWith("/job/report.json", StringComparison.Ordinal)), Patience, "the report stored");
        }

        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "unwritten"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "unwritten settles");
        Assert.True((string?)ready!["status"]!["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal(1, creates);
        Assert.Empty(await ItemsAsync(ns, "jobs"));
        Assert.Single((await KeysAsync($"{ns}/unwritten-")).Select(k => k.Split('/')[1]).Distinct());
        Assert.StartsWith(uid[..8], (await KeysAsync($"{ns}/unwritten-"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_put_with_curl_to_the_upload_url_becomes_a_ladder_and_browsers_at_its_origin_may_put()
    {
        var file = await TestMedia.ClipAsync(_directory.FullName, seconds: 4);
        var ns = await sandbox.CreateNamespaceAsync();

        await ApplyUploadAsync(ns, "upload", "{ corsOrigin: \"https://app.example.com\", timeoutSeconds: 900 }");
        var waiting = await sandbox.WaitForAsync(ns, "videoasset", "upload", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");

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
        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "upload"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "upload settles");

        status = ready!["status"]!;
        Assert.True((string?)status["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal("asset_created", (string?)status["upload"]!["state"]);
        Assert.Equal("True", Status(ready, "Uploaded"));
        Assert.Null(status["uploadUrl"]);
        var assetId = (string)status["assetId"]!;
        Assert.Equal($"s3://{sandbox.Host.Aws!.Options.VideoBucket}/videos/{assetId}/source", (string?)status["sourceUrl"]);
        Assert.Equal(new FileInfo(file).Length, (long)status["metadata"]!["fileSize"]!);
        var streams = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,width,height", "-of", "csv=p=0", (string)status["playbackUrl"]!], TimeSpan.FromSeconds(60));
        Assert.True(streams.ExitCode == 0, streams.ToString());
        Assert.Contains("video,640,360", streams.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("audio", streams.StandardOutput, StringComparison.Ordinal);
        await sandbox.WaitForEventAsync(ns, "upload", "UploadCreated");

        // The uploaded file stays beside what was made of it, and goes with the asset.
        Assert.Contains("source", await KeysAsync(assetId));
        await sandbox.Kubectl.SucceedAsync("delete", "videoasset", "upload", "-n", ns, "--timeout=60s");
        Assert.Empty(await KeysAsync($"{ns}/upload-"));
    }

    [Fact]
    public async Task A_file_sent_in_parts_through_the_webhook_service_becomes_a_ladder_for_a_caller_who_may_update_the_asset()
    {
        // Noise, losslessly: a file past S3's 5 MiB smallest part, which goes in two.
        var file = Path.Combine(_directory.FullName, "parts.mp4");
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=25:duration=2", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-vf", "noise=alls=20:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 6 << 20, $"the lossless video is {bytes.Length} bytes, too small for two parts");
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyUploadAsync(ns, "parts", "{}");
        await sandbox.WaitForAsync(ns, "videoasset", "parts", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");
        var (uploader, viewer) = await UploadCallersAsync(ns, "parts");
        var multipart = new Uri(sandbox.Host.MuxCallbackUrl!, $"/v1/video-uploads/{ns}/parts/multipart");

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
            using var part = await _http.PutAsync(new Uri(urls[number]), new ByteArrayContent(range));
            Assert.True(part.IsSuccessStatusCode, await part.Content.ReadAsStringAsync());
            etags.Add(new { partNumber = number, etag = part.Headers.ETag!.Tag });
        }

        using (var unknown = await SendAsync(HttpMethod.Post, new Uri($"{multipart}/no-such-upload/complete"), uploader, new { parts = etags }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var completed = await SendAsync(HttpMethod.Post, new Uri($"{multipart}/{uploadId}/complete"), uploader, new { parts = etags });
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "parts"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "parts settles");

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
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyUploadAsync(ns, "abandoned", "{}");
        await sandbox.WaitForAsync(ns, "videoasset", "abandoned", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");
        var (uploader, _) = await UploadCallersAsync(ns, "abandoned");
        using var started = await SendAsync(HttpMethod.Post, new Uri(sandbox.Host.MuxCallbackUrl!, $"/v1/video-uploads/{ns}/abandoned/multipart"), uploader, null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Single(await OpenUploadsAsync($"{ns}/abandoned-"));

        await sandbox.Kubectl.SucceedAsync("delete", "videoasset", "abandoned", "-n", ns, "--timeout=60s");

        Assert.Empty(await OpenUploadsAsync($"{ns}/abandoned-"));
    }

    /// <summary>Service accounts of the namespace and their tokens for the webhook service: one that may update the asset, one that may only get it.</summary>
    private async Task<(string Uploader, string Viewer)> UploadCallersAsync(string ns, string name)
    {
        var (viewer, _) = await sandbox.PlaybackCallersAsync(ns, name, "videoassets.media.airwave.dev");
        await sandbox.Kubectl.SucceedAsync("create", "serviceaccount", "uploader", "-n", ns);
        await sandbox.Kubectl.SucceedAsync("create", "role", $"upload-{name}", "-n", ns, "--verb=get,update", "--resource=videoassets.media.airwave.dev", $"--resource-name={name}");
        await sandbox.Kubectl.SucceedAsync("create", "rolebinding", $"uploader-{name}", "-n", ns, $"--role=upload-{name}", $"--serviceaccount={ns}:uploader");
        var uploader = (await sandbox.Kubectl.SucceedAsync("create", "token", "uploader", "-n", ns, "--audience=airwave-playback")).Trim();
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

        return await _http.SendAsync(request);
    }

    /// <summary>The keys of the uploads in parts still open in the video bucket under videos/<paramref name="prefix"/>.</summary>
    private async Task<IReadOnlyList<string>> OpenUploadsAsync(string prefix)
    {
        var aws = sandbox.Host.Aws!;
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(aws.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        var listed = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = aws.Options.VideoBucket, Prefix = $"videos/{prefix}" });
        return [.. (listed.MultipartUploads ?? []).Select(u => u.Key)];
    }

    [Fact]
    public async Task A_text_file_uploaded_as_a_video_ends_errored_and_a_new_upload_url_can_be_asked_for()
    {
        var file = Path.Combine(_directory.FullName, "minutes.mp4");
        await File.WriteAllTextAsync(file, "Minutes of the meeting, not a video.\n");
        var ns = await sandbox.CreateNamespaceAsync();

        await ApplyUploadAsync(ns, "minutes", "{}");
        var waiting = await sandbox.WaitForAsync(ns, "videoasset", "minutes", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");
        var first = (string)waiting!["status"]!["uploadUrl"]!;
        var put = await ProcessRunner.RunAsync("curl", ["--fail-with-body", "-sS", "-T", file, first], TimeSpan.FromSeconds(60));
        Assert.True(put.ExitCode == 0, put.ToString());
        var errored = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "minutes"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "minutes settles");

        Assert.True((string?)errored!["status"]!["phase"] == "Errored", errored.ToJsonString());
        Assert.Equal("NotAVideo", Reason(errored, "Ready"));
        var assetId = (string)errored["status"]!["assetId"]!;
        Assert.Equal(["job/report.json"], await KeysAsync(assetId));

        await sandbox.Kubectl.SucceedAsync("annotate", "videoasset", "minutes", "-n", ns, "media.airwave.dev/new-upload=1");
        var again = await sandbox.WaitForAsync(ns, "videoasset", "minutes", a => a?["status"]?["uploadUrl"] is { } url && (string?)url != first, "a new upload URL");

        Assert.Equal("WaitingForUpload", (string?)again!["status"]!["phase"]);
        Assert.Equal("WaitingForUpload", Reason(again, "Ready"));
        Assert.Null(again["status"]!["assetId"]);
        Assert.NotEqual((string?)errored["status"]!["upload"]!["id"], (string?)again["status"]!["upload"]!["id"]);
    }

    [Fact]
    public async Task A_refused_cors_write_and_a_lost_answer_after_one_leave_one_upload_rule_beside_the_buckets_own()
    {
        var aws = sandbox.Host.Aws!;
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(aws.BaseAddress) with { Retry = new AwsRetryOptions { MaxRetries = 0 } }, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        var bucket = aws.Options.VideoBucket;
        var existing = await RulesAsync(s3, bucket);
        var own = new CORSRule { Id = "cdn-reads", AllowedMethods = ["GET"], AllowedOrigins = ["https://cdn.example.com"] };
        await s3.PutCORSConfigurationAsync(bucket, new CORSConfiguration { Rules = [.. existing.Where(r => r.Id != own.Id), own] });
        var ns = await sandbox.CreateNamespaceAsync();
        aws.Faults.FailNext(1, AwsServiceKind.S3, "PutBucketCors");
        aws.Faults.LoseResponseOfNext(1, AwsServiceKind.S3, "PutBucketCors");

        await ApplyUploadAsync(ns, "faulty-upload", "{ corsOrigin: \"https://studio.example.com\" }");
        var waiting = await sandbox.WaitForAsync(ns, "videoasset", "faulty-upload", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");

        var rules = await RulesAsync(s3, bucket);
        var uploads = Assert.Single(rules, r => r.Id == "airwave-video-uploads");
        Assert.Contains("https://studio.example.com", uploads.AllowedOrigins);
        Assert.Equal(["PUT"], uploads.AllowedMethods);
        Assert.Contains(rules, r => r.Id == own.Id && r.AllowedOrigins.SequenceEqual(own.AllowedOrigins));
        Assert.DoesNotContain(aws.Faults.Current().Faults, f => f.Operation == "PutBucketCors" && f.Remaining > 0);
        await sandbox.WaitForEventAsync(ns, "faulty-upload", "UploadCreated");
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

    [Fact]
    public async Task A_signed_video_is_not_hosted_on_aws_yet_and_nothing_is_made()
    {
        var ns = await sandbox.CreateNamespaceAsync();

        await ApplyAsync(ns, "private", "https://media.example.com/private.mp4", "playbackPolicy: Signed");
        var pending = await sandbox.WaitForAsync(ns, "videoasset", "private", a => a?["status"]?["conditions"] is not null, "private has conditions");

        var condition = pending!["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("Pending", "PlaybackPolicyNotSupported"), ((string?)pending["status"]!["phase"], (string?)condition["reason"]));
        Assert.Null(pending["status"]!["playbackUrl"]);
        Assert.Empty(await ItemsAsync(ns, "jobs"));
        Assert.Empty(await KeysAsync($"{ns}/private-"));
    }

    private async Task ApplyAsync(string ns, string name, string url, string more = "")
    {
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: {{name}} }
            spec:
              title: {{name}}
              provider: Aws
              source: { url: "{{url}}" }
              {{more}}
            """);
    }

    private async Task ApplyUploadAsync(string ns, string name, string upload)
    {
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: {{name}} }
            spec:
              title: {{name}}
              provider: Aws
              source: { directUpload: {{upload}} }
            """);
    }

    /// <summary>What a browser asks before it PUTs a file from a page at <paramref name="origin"/>.</summary>
    private async Task<HttpResponseMessage> PreflightAsync(string url, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, url)
        {
            Headers = { { "Origin", origin }, { "Access-Control-Request-Method", "PUT" }, { "Access-Control-Request-Headers", "content-type" } },
        };
        return await _http.SendAsync(request);
    }

    private static string? Reason(JsonNode? asset, string type) =>
        (string?)asset?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["reason"];

    private static string? Status(JsonNode? asset, string type) =>
        (string?)asset?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["status"];

    private async Task<IReadOnlyList<JsonNode>> ItemsAsync(string ns, string resource) =>
        [.. JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", resource, "-n", ns, "-o", "json"))!["items"]!.AsArray().Select(i => i!)];

    /// <summary>The keys in the video bucket under videos/<paramref name="prefix"/>, relative to it where it is a folder.</summary>
    private async Task<IReadOnlyList<string>> KeysAsync(string prefix)
    {
        var aws = sandbox.Host.Aws!;
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(aws.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        var folder = prefix.EndsWith('-') ? $"videos/{prefix}" : $"videos/{prefix}/";
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = aws.Options.VideoBucket, Prefix = folder });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key[folder.Length..]).Order(StringComparer.Ordinal)];
    }
}
