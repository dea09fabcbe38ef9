using System.Net;
using Airwave.Api.Common;
using Airwave.Operator.Configuration;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// VideoAssets hosted on AWS in the sandbox from a URL: the transcode Job runs airwave-transcoder as a pod on the
/// video, the files land in the video bucket and play through the video distribution, a file that is not a video ends
/// Errored leaving only its report, and deletion removes the files (or keeps them, with Retain).
/// </summary>
[Collection(Collection)]
public sealed class AwsVideoAssetTests(OperatorSandbox sandbox) : AwsVideoTestBase(sandbox)
{
    [Fact]
    public async Task A_video_from_a_url_becomes_a_ladder_that_plays_through_the_distribution_and_goes_when_deleted()
    {
        var file = Path.Combine(Files.FullName, "talk.mp4");
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25:duration=6", "-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        await using var server = await ClipServer.StartAsync(file);
        var ns = await Sandbox.CreateNamespaceAsync();

        await ApplyAsync(ns, "talk", server.ClipUrl.ToString());
        var preparing = await Sandbox.WaitForAsync(ns, "videoasset", "talk", a => (string?)a?["status"]?["phase"] is "Preparing" or "Ready" or "Errored", "talk is taken");
        var ready = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "talk"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "talk settles");

        var status = ready!["status"]!;
        Assert.True((string?)status["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal("Aws", (string?)status["provider"]);
        Assert.Equal(server.ClipUrl.ToString(), (string?)status["sourceUrl"]);
        Assert.NotNull(preparing!["status"]!["assetId"]);
        var edge = Sandbox.Host.Aws!.EdgeAddress(Sandbox.Host.Aws.Options.VideoDistributionId).ToString().TrimEnd('/');
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
        using (var poster = await Http.GetAsync(new Uri((string)status["thumbnailUrl"]!)))
        {
            Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
            Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
        }

        await Sandbox.WaitForEventAsync(ns, "talk", "TranscodeStarted");
        Assert.Empty(await ItemsAsync(ns, "jobs"));
        Assert.DoesNotContain(await ItemsAsync(ns, "secrets"), s => ((string?)s["metadata"]!["name"])!.StartsWith("talk-transcode-", StringComparison.Ordinal));
        Assert.DoesNotContain("X-Amz-Signature", ready.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("hls/360p_000.ts", await KeysAsync(assetId));

        // Its storage: the bytes S3 holds for it, as the AWS CLI lists them, by the GB-month from when it was ready.
        using (var cli = new AwsCli(Sandbox.Host.Aws.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey))
        {
            var listed = await cli.RunAsync("s3api", "list-objects-v2", "--bucket", Sandbox.Host.Aws.Options.VideoBucket, "--prefix", $"videos/{assetId}/");
            var stored = listed.Json["Contents"]!.AsArray().Sum(o => (long)o!["Size"]!);
            Assert.Equal(stored, (long)status["storedBytes"]!);
            var storage = status["cost"]!["components"]!.AsArray().Single(c => (string?)c!["name"] == "s3-storage")!;
            Assert.Equal(CostAmount.Format(stored / 1_000_000_000m * new PriceTable().S3.StoragePerGbMonth / 730m), (string?)storage["hourlyRate"]);
        }

        await Sandbox.Kubectl.SucceedAsync("delete", "videoasset", "talk", "-n", ns, "--timeout=60s");
        Assert.Empty(await KeysAsync($"{ns}/talk-"));
    }

    [Fact]
    public async Task A_text_file_ends_errored_with_its_reason_leaving_only_its_report_which_retain_keeps()
    {
        var file = Path.Combine(Files.FullName, "notes.mp4");
        await File.WriteAllTextAsync(file, "These are meeting notes, not a video.\n");
        await using var server = await ClipServer.StartAsync(file);
        var ns = await Sandbox.CreateNamespaceAsync();

        await ApplyAsync(ns, "notes", server.ClipUrl.ToString(), "deletionPolicy: Retain");
        var errored = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "notes"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "notes settles");

        Assert.Equal("Errored", (string?)errored!["status"]!["phase"]);
        var condition = errored["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("False", "NotAVideo"), ((string?)condition["status"], (string?)condition["reason"]));
        Assert.Equal("The source is not a video ffmpeg can read: source: Invalid data found when processing input", (string?)condition["message"]);
        Assert.Null(errored["status"]!["playbackUrl"]);
        await Sandbox.WaitForEventAsync(ns, "notes", "NotAVideo");
        var assetId = (string)errored["status"]!["assetId"]!;
        Assert.Equal(["job/report.json"], await KeysAsync(assetId));
        Assert.Empty(await ItemsAsync(ns, "jobs"));

        await Sandbox.Kubectl.SucceedAsync("delete", "videoasset", "notes", "-n", ns, "--timeout=60s");
        Assert.Equal(["job/report.json"], await KeysAsync(assetId));
        await Sandbox.WaitForEventAsync(ns, "notes", "Retained");
    }

    [Fact]
    public async Task A_failed_source_put_right_at_its_url_plays_once_the_retry_annotation_asks_and_the_failure_goes()
    {
        var file = Path.Combine(Files.FullName, "retried.mp4");
        await File.WriteAllTextAsync(file, "Not uploaded properly yet.\n");
        await using var server = await ClipServer.StartAsync(file);
        var ns = await Sandbox.CreateNamespaceAsync();
        await ApplyAsync(ns, "retried", server.ClipUrl.ToString());
        var errored = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "retried"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "retried settles");
        Assert.Equal("NotAVideo", Reason(errored, "Ready"));
        var failedId = (string)errored!["status"]!["assetId"]!;

        // The file at the URL is put right, and the asset asked to try again.
        File.Copy(await TestMedia.ClipAsync(Files.FullName), file, overwrite: true);
        await Sandbox.Kubectl.SucceedAsync("annotate", "videoasset", "retried", "-n", ns, "media.airwave.dev/retry=1");
        var ready = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "retried"), a => (string?)a?["status"]?["phase"] == "Ready", Patience, "retried plays");

        Assert.Equal(server.ClipUrl.ToString(), (string?)ready!["status"]!["sourceUrl"]);
        Assert.NotEqual(failedId, (string?)ready["status"]!["assetId"]);
        Assert.Empty(await KeysAsync(failedId));
    }

    [Fact]
    public async Task A_refused_job_create_and_a_lost_answer_after_one_leave_one_job_and_one_set_of_files()
    {
        var file = await TestMedia.ClipAsync(Files.FullName);
        await using var server = await ClipServer.StartAsync(file);
        var ns = await Sandbox.CreateNamespaceAsync();
        var faults = Sandbox.Host.Kubernetes.Faults;
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
        var ready = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "faulty"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "faulty settles");

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
        var file = await TestMedia.ClipAsync(Files.FullName);
        await using var server = await ClipServer.StartAsync(file);
        var ns = await Sandbox.CreateNamespaceAsync();
        var creates = 0;
        using var watch = Sandbox.Host.Kubernetes.Faults.Observe(r =>
        {
            if (r is { Verb: "create", Resource: "jobs" } && r.Namespace == ns)
            {
                Interlocked.Increment(ref creates);
            }
        });

        string uid;
        using (Sandbox.Host.Kubernetes.Faults.FailWhile(r => r.Subresource == "status" && r.Namespace == ns, 500))
        {
            await ApplyAsync(ns, "unwritten", server.ClipUrl.ToString());
            uid = (string)(await Sandbox.WaitForAsync(ns, "videoasset", "unwritten", a => a?["metadata"]?["finalizers"] is not null, "the finalizer added"))!["metadata"]!["uid"]!;

            // The Job runs to its end and its report is stored while no status can be written.
            await Eventually.MatchAsync(() => KeysAsync($"{ns}/unwritten-"), keys => keys.Any(k => k.EndsWith("/job/report.json", StringComparison.Ordinal)), Patience, "the report stored");
        }

        var ready = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "unwritten"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "unwritten settles");
        Assert.True((string?)ready!["status"]!["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal(1, creates);
        Assert.Empty(await ItemsAsync(ns, "jobs"));
        Assert.Single((await KeysAsync($"{ns}/unwritten-")).Select(k => k.Split('/')[1]).Distinct());
        Assert.StartsWith(uid[..8], (await KeysAsync($"{ns}/unwritten-"))[0], StringComparison.Ordinal);
    }
}
