using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests.ArchiveSplits;

/// <summary>
/// ArchiveSplits of a real recorded session (<see cref="RecordedSession"/>), as a user sees them: clips in S3 where
/// the old API put them, listed and fetched with the AWS CLI, measured with ffprobe; the split's status and Events;
/// requests that cannot be cut, refused in status with nothing made.
/// </summary>
[Collection(RecordedSession.Collection)]
public sealed class ArchiveSplitTests(RecordedSession session)
{
    private static readonly TimeSpan Cutting = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Three_sections_become_mp4_clips_beside_the_recording_each_as_long_as_its_section()
    {
        await session.ApplySplitAsync("three", "[{start: 0, end: 10}, {start: 15, end: 35}, {start: 50, end: 600}]");
        var split = await WaitForPhaseAsync("three", "Succeeded");

        var status = split["status"]!;
        var recorded = (double)status["recordingSeconds"]!;
        Assert.InRange(recorded, RecordedSession.PushedSeconds - 1.5, RecordedSession.PushedSeconds + 1.5);
        var names = await session.FolderAsync();
        Assert.True(names.Count(n => n.EndsWith(".ts", StringComparison.Ordinal)) >= 3, string.Join(", ", names));

        var expected = new[] { (0d, 10d), (15d, 35d), (50d, recorded) };
        for (var n = 1; n <= 3; n++)
        {
            Assert.Contains($"index_three_{n}.mp4", names);
            Assert.Contains($"index_three_{n}.m3u8", names);
            var section = status["sections"]!.AsArray().Single(s => (int)s!["index"]! == n - 1)!;
            Assert.Equal("Succeeded", (string?)section["phase"]);
            Assert.Equal($"{session.Folder}index_three_{n}.mp4", (string?)section["output"]);
            Assert.Equal($"{session.Folder}index_three_{n}.m3u8", (string?)section["playlist"]);

            var local = session.Cli.PathOf($"three-{n}.mp4");
            var copied = await session.Cli.RunAsync("s3", "cp", $"{session.Folder}index_three_{n}.mp4", local);
            Assert.True(copied.ExitCode == 0, copied.Error);
            var (start, end) = expected[n - 1];
            var duration = await TestMedia.DurationAsync(local);
            Assert.InRange(duration, end - start - 0.1, end - start + 0.1);
            Assert.InRange((double)section["duration"]!, duration - 0.05, duration + 0.05);
            Assert.Equal(new FileInfo(local).Length, (long)section["size"]!);
            Assert.Equal(["aac", "h264"], await CodecsAsync(local));
        }

        // Each clip starts where its section does: its first picture is one of the recording's within 0.1 s of the
        // section's start (the test pattern moves every frame, so only one picture matches).
        var recording = await DownloadRecordingAsync();
        var origin = await StartTimeAsync(recording);
        for (var n = 1; n <= 3; n++)
        {
            var (start, _) = expected[n - 1];
            var first = await FrameAsync(session.Cli.PathOf($"three-{n}.mp4"));
            var (at, psnr) = await BestMatchAsync(first, recording, origin + start - 0.3, origin + start + 0.3);
            Assert.True(psnr > 35 && Math.Abs(at - origin - start) <= 0.1, $"clip {n} starts with the picture at {at - origin:0.000} s ({psnr:0.0} dB), asked {start} s");
        }

        Assert.Equal(recorded, (double)status["sections"]![2]!["end"]!, 3);
        var published = await OutboxEventsAsync(split);
        Assert.Equal(3, published.Count(e => (string?)e["type"] == "dev.airwave.split.section.succeeded"));
        var succeeded = published.Single(e => (string?)e["type"] == "dev.airwave.split.succeeded");
        Assert.Equal("split_succeeded", (string?)succeeded["data"]!["event_type"]);
        Assert.Equal(session.SessionId, (string?)succeeded["data"]!["split_data"]!["session_id"]);
        Assert.Equal(
            [$"{session.Folder}index_three_1.mp4", $"{session.Folder}index_three_2.mp4", $"{session.Folder}index_three_3.mp4"],
            succeeded["data"]!["split_data"]!["sections"]!.AsArray().Select(x => (string?)x!["output"]));
        await WaitForEventAsync("three", "SectionClamped");
        Assert.Equal("True", (string?)Ready(split)?["status"]);

        // Each clip Job runs third-party images (ffmpeg's, curl's) locked down, as a user.
        var jobs = JsonNode.Parse(await session.Kubectl.SucceedAsync("get", "jobs", "-n", session.Namespace, "-l", $"media.airwave.dev/archivesplit-uid={(string)split["metadata"]!["uid"]!}", "-o", "json"))!["items"]!.AsArray();
        Assert.Equal(3, jobs.Count);
        Assert.All(jobs, job => LockedDownPods.AssertLockedDown(job!["spec"]!["template"]!));
        Assert.All(jobs, job => Assert.Equal(65532, (long)job!["spec"]!["template"]!["spec"]!["securityContext"]!["runAsUser"]!));

        // Their pods reach S3 by presigned URLs and nothing else: the internet, never the cluster or the metadata service.
        var policy = JsonNode.Parse(await session.Kubectl.SucceedAsync("get", "networkpolicy", "three-clips", "-n", session.Namespace, "-o", "json"))!;
        Assert.Equal((string?)split["metadata"]!["uid"], (string?)policy["spec"]!["podSelector"]!["matchLabels"]!["media.airwave.dev/archivesplit-uid"]);
        Assert.Equal(["Egress"], policy["spec"]!["policyTypes"]!.AsArray().Select(t => (string?)t));
        Assert.Contains("169.254.0.0/16", policy["spec"]!["egress"]![1]!["to"]![0]!["ipBlock"]!["except"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(("ArchiveSplit", "three"), ((string?)policy["metadata"]!["ownerReferences"]![0]!["kind"], (string?)policy["metadata"]!["ownerReferences"]![0]!["name"]));

        // The presigned URLs each Job read are gone with its Secret once it finished.
        var secrets = await session.Kubectl.SucceedAsync("get", "secrets", "-n", session.Namespace, "-o", "name");
        Assert.DoesNotContain("secret/three-", secrets, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_section_is_cut_again_alone_and_a_finished_split_is_never_recut()
    {
        await session.ApplySplitAsync("again", "[{start: 0, end: 5}, {start: 10, end: 20}]");
        var first = await WaitForPhaseAsync("again", "Succeeded");
        var jobsBefore = await JobsAsync("again");

        // Resyncs pass; nothing is cut again.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(jobsBefore, await JobsAsync("again"));

        await session.ApplySplitAsync("again", "[{start: 0, end: 5}, {start: 10, end: 25}]");
        var second = await session.WaitForAsync(session.Namespace, "archivesplit", "again",
            s => (string?)s?["status"]?["phase"] == "Succeeded" && (long?)s?["status"]?["observedGeneration"] == 2, "again cut for generation 2");
        var jobsAfter = await JobsAsync("again");

        Assert.Equal(2, jobsAfter.Count);
        Assert.Contains(jobsBefore.Single(j => j.StartsWith("again-0-", StringComparison.Ordinal)), jobsAfter);
        Assert.DoesNotContain(jobsBefore.Single(j => j.StartsWith("again-1-", StringComparison.Ordinal)), jobsAfter);
        Assert.Equal((double)first!["status"]!["sections"]![0]!["size"]!, (double)second!["status"]!["sections"]![0]!["size"]!);
        Assert.Equal(15, (double)second["status"]!["sections"]![1]!["duration"]!, 0.1);
    }

    [Theory]
    [InlineData("no-session", "sessionId: 00000000DEADBEEF", "[{start: 0, end: 5}]", "SessionNotFound", "has no session 00000000DEADBEEF")]
    [InlineData("backwards", "", "[{start: 0, end: 5}, {start: 30, end: 30}]", "InvalidSpec", "spec.sections[1].end: Invalid value: 30: must be after the section's start (30 s)")]
    [InlineData("past-end", "", "[{start: 0, end: 5}, {start: 300, end: 400}]", "SectionPastEnd", "spec.sections[1] starts at 300 s, at or after the end of the recording")]
    public async Task A_request_that_cannot_be_cut_fails_saying_why_and_makes_nothing(string name, string sessionLine, string sections, string reason, string message)
    {
        await session.ApplySplitAsync(name, sections, sessionLine);
        var split = await WaitForPhaseAsync(name, "Failed");

        var ready = Ready(split)!;
        Assert.Equal("False", (string?)ready["status"]);
        Assert.Equal(reason, (string?)ready["reason"]);
        Assert.Contains(message, (string?)ready["message"], StringComparison.Ordinal);
        Assert.Empty(await JobsAsync(name));
        Assert.DoesNotContain(await session.FolderAsync(), n => n.StartsWith($"index_{RecordedSession.Modifier(name)}_", StringComparison.Ordinal));
        await WaitForEventAsync(name, reason);
    }

    [Theory]
    [InlineData("Delete", false)]
    [InlineData("Retain", true)]
    public async Task Deleting_a_split_removes_its_jobs_and_its_clips_only_when_asked(string policy, bool clipsStay)
    {
        var name = "gone-" + policy.ToLowerInvariant();
        await session.ApplySplitAsync(name, "[{start: 5, end: 8}]", more: $"output: {{ deletePolicy: {policy} }}");
        await WaitForPhaseAsync(name, "Succeeded");
        Assert.Single(await JobsAsync(name));
        Assert.Contains($"index_{RecordedSession.Modifier(name)}_1.mp4", await session.FolderAsync());

        await session.Kubectl.SucceedAsync("delete", "-n", session.Namespace, "archivesplit", name, "--timeout=60s");

        Assert.Empty(await JobsAsync(name));
        var after = await session.FolderAsync();
        Assert.Equal(clipsStay, after.Contains($"index_{RecordedSession.Modifier(name)}_1.mp4"));
        Assert.Equal(clipsStay, after.Contains($"index_{RecordedSession.Modifier(name)}_1.m3u8"));
        Assert.Contains(after, n => n.EndsWith(".ts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_split_waiting_for_its_session_to_end_cuts_it_when_the_stream_is_deleted_instead()
    {
        // A stream of its own, recording, with a split that waits for the session to end.
        var ns = await session.CreateNamespaceAsync();
        await session.ApplyRecordingStreamAsync(ns, "short-lived");
        var running = (await session.WaitForAsync(ns, "livestream", "short-lived", s => (string?)s?["status"]?["phase"] == "Running", "short-lived Running"))!;
        var secret = await session.GetAsync(ns, "secret", "short-lived-ingest");
        var pushed = await TestMedia.PushRtmpAsync(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret!["data"]!["primaryUrl"]!)), 12);
        var sessionId = (string)running["status"]!["sessions"]![0]!["id"]!;
        await session.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: ArchiveSplit
            metadata: { name: orphaned }
            spec:
              streamRef: { name: short-lived }
              sessionId: {{sessionId}}
              nameModifier: orphaned
              sections: [{start: 2, end: 8}]
            """);
        var waiting = (await session.WaitForAsync(ns, "archivesplit", "orphaned", s => Ready(s)?["reason"]?.GetValue<string>() == "SessionRecording", "orphaned waiting for the session"))!;

        await session.Kubectl.SucceedAsync("delete", "livestream", "short-lived", "-n", ns, "--wait=true");
        var cut = (await Eventually.MatchAsync(() => session.GetAsync(ns, "archivesplit", "orphaned"), s => (string?)s?["status"]?["phase"] is "Succeeded" or "Failed", Cutting, "orphaned cut after its stream was deleted"))!;

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.Equal("Pending", (string?)waiting["status"]!["phase"]);
        Assert.Equal("Succeeded", (string?)cut["status"]!["phase"]);
        var archive = (string)cut["status"]!["archivePath"]!;
        Assert.Equal((string?)running["status"]!["sessions"]![0]!["archivePath"], archive);
        var output = (string)cut["status"]!["sections"]![0]!["output"]!;
        Assert.Equal($"{archive}/index_orphaned_1.mp4", output);
        var local = session.Cli.PathOf("orphaned-1.mp4");
        var copied = await session.Cli.RunAsync("s3", "cp", output, local);
        Assert.True(copied.ExitCode == 0, copied.Error);
        Assert.InRange(await TestMedia.DurationAsync(local), 5.9, 6.1);
        await session.Kubectl.SucceedAsync("delete", "archivesplit", "orphaned", "-n", ns, "--wait=true");
        Assert.Equal("", (await session.Kubectl.SucceedAsync("get", "jobs", "-n", ns, "-o", "name")).Trim());
    }

    private async Task<JsonNode> WaitForPhaseAsync(string name, string phase) =>
        (await Eventually.MatchAsync(
            () => session.GetAsync(session.Namespace, "archivesplit", name),
            s => (string?)s?["status"]?["phase"] == phase && (long?)s?["status"]?["observedGeneration"] == (long?)s?["metadata"]?["generation"],
            Cutting,
            $"{name} {phase}"))!;

    private async Task<List<string>> JobsAsync(string name)
    {
        var split = await session.GetAsync(session.Namespace, "archivesplit", name);
        var uid = (string?)split?["metadata"]?["uid"];
        var jobs = JsonNode.Parse(await session.Kubectl.SucceedAsync("get", "jobs", "-n", session.Namespace, "-o", "json"))!["items"]!.AsArray();
        return [.. jobs.Where(j => uid is null ? ((string)j!["metadata"]!["name"]!).StartsWith(name + "-", StringComparison.Ordinal) : (string?)j!["metadata"]!["labels"]?["media.airwave.dev/archivesplit-uid"] == uid)
            .Select(j => (string)j!["metadata"]!["name"]!).Order()];
    }

    /// <summary>The session's archive files, fetched with the AWS CLI and joined end to end (transport streams concatenate).</summary>
    private async Task<string> DownloadRecordingAsync()
    {
        var directory = session.Cli.PathOf("recording");
        var copied = await session.Cli.RunAsync("s3", "cp", "--recursive", session.Folder, directory, "--exclude", "*", "--include", "*.ts");
        Assert.True(copied.ExitCode == 0, copied.Error);
        var joined = session.Cli.PathOf("recording.ts");
        await using (var output = File.Create(joined))
        {
            foreach (var file in Directory.GetFiles(directory, "*.ts").Order(StringComparer.Ordinal))
            {
                await using var input = File.OpenRead(file);
                await input.CopyToAsync(output);
            }
        }

        return joined;
    }

    /// <summary>Where a file's clock starts (its earliest timestamp), which is where the session's timeline starts.</summary>
    private static async Task<double> StartTimeAsync(string file)
    {
        var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=start_time", "-of", "csv=p=0", file], TimeSpan.FromSeconds(60));
        Assert.True(probe.ExitCode == 0, probe.ToString());
        return double.Parse(probe.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A clip's first picture, small and grey, as a file.</summary>
    private async Task<string> FrameAsync(string file)
    {
        var frame = session.Cli.PathOf($"frame-{Guid.NewGuid():N}.png");
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", file, "-frames:v", "1", "-vf", Small, "-y", frame], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        return frame;
    }

    private const string Small = "scale=160:120,format=gray";

    /// <summary>The recording's picture most like <paramref name="picture"/> among those between two times of its clock: its time and PSNR.</summary>
    private async Task<(double At, double Psnr)> BestMatchAsync(string picture, string recording, double from, double to)
    {
        var directory = Directory.CreateDirectory(session.Cli.PathOf($"frames-{Guid.NewGuid():N}")).FullName;
        var range = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"select='between(t,{from:0.000},{to:0.000})',{Small},showinfo");
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-i", recording, "-vf", range, "-fps_mode", "passthrough", Path.Combine(directory, "%03d.png")], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        var times = System.Text.RegularExpressions.Regex.Matches(made.StandardError, @"pts_time:([0-9.]+)").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var best = (At: double.NaN, Psnr: 0d);
        for (var i = 0; i < times.Count; i++)
        {
            var psnr = await PsnrAsync(picture, Path.Combine(directory, $"{i + 1:D3}.png"));
            best = psnr > best.Psnr ? (times[i], psnr) : best;
        }

        return best;
    }

    /// <summary>How alike two pictures are, in dB (higher is closer), as ffmpeg's psnr filter says.</summary>
    private static async Task<double> PsnrAsync(string a, string b)
    {
        var compared = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-i", a, "-i", b, "-lavfi", "psnr", "-f", "null", "-"], TimeSpan.FromSeconds(60));
        var match = System.Text.RegularExpressions.Regex.Match(compared.StandardError, @"average:(inf|[0-9.]+)");
        Assert.True(match.Success, compared.ToString());
        return match.Groups[1].Value == "inf" ? 100 : double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The CloudEvents the operator published about this split, from its outbox (the test's sink refuses them all).</summary>
    private async Task<List<JsonNode>> OutboxEventsAsync(JsonNode split)
    {
        var uid = (string?)split["metadata"]!["uid"];
        return [.. (await session.OutboxEventsAsync())
            .Where(e => ((string?)e["subject"] ?? "").Contains(uid!, StringComparison.Ordinal) || (string?)e["data"]?["split_data"]?["split_id"] == uid)];
    }

    private static async Task<List<string>> CodecsAsync(string file)
    {
        var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file], TimeSpan.FromSeconds(60));
        Assert.True(probe.ExitCode == 0, probe.ToString());
        return [.. probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order()];
    }

    private static JsonNode? Ready(JsonNode? resource) =>
        resource?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready");

    private async Task WaitForEventAsync(string name, string reason) =>
        await Eventually.MatchAsync(
            async () => JsonNode.Parse(await session.Kubectl.SucceedAsync("get", "events", "-n", session.Namespace, "-o", "json"))!["items"]!.AsArray(),
            items => items.Any(e => (string?)e!["reason"] == reason && (string?)e["involvedObject"]?["name"] == name),
            OperatorSandbox.Timeout,
            $"a {reason} event about {name}");
}
