using System.Text;
using System.Text.Json.Nodes;
using Airwave.Api.Common;
using Airwave.Operator.Configuration;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// The sandbox with media: running channels take RTMP pushes, record them to S3 and serve them live; downstream events
/// wait in the outbox.
/// </summary>
public sealed class MediaSandbox : OutboxSandbox
{
    protected override bool RunMedia => true;
}

/// <summary>
/// What a user sees of a stream's media, as the quick start shows it: ffmpeg pushes a test pattern to the URL in the
/// stream's Secret, the playback URL in status plays it, so does the live URL (through the live distribution), and
/// after the stop its recording is in S3.
/// </summary>
public sealed partial class LiveStreamMediaTests(MediaSandbox sandbox) : IClassFixture<MediaSandbox>
{
    [Fact]
    public async Task A_pushed_test_pattern_plays_at_the_playback_url_and_is_recorded_in_the_session_archive()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var running = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        var playback = running!["status"]!["playback"]!["url"]!.GetValue<string>();
        var secret = await sandbox.GetAsync(ns, "secret", "workshop-a-ingest");
        var ingest = Encoding.UTF8.GetString(Convert.FromBase64String(secret!["data"]!["primaryUrl"]!.GetValue<string>()));

        var push = TestMedia.PushRtmpAsync(ingest, seconds: 12);
        using var http = new HttpClient();
        var master = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri(playback));
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
            },
            text => text.Contains("#EXT-X-STREAM-INF", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the playback URL lists the renditions");
        var mediaPlaylist = new Uri(new Uri(playback), master.Split('\n').First(l => l.EndsWith(".m3u8", StringComparison.Ordinal)));
        var playlist = await http.GetStringAsync(mediaPlaylist);
        var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", playback], TimeSpan.FromSeconds(60));
        var liveUrl = running["status"]!["playback"]!["liveUrl"]!.GetValue<string>();
        var throughEdge = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", liveUrl], TimeSpan.FromSeconds(60));

        // A segment as fetched is no video; decrypted with the key its playlist names, it is.
        var segment = EncryptedHls.Segments(playlist)[0];
        var work = Directory.CreateTempSubdirectory("airwave-encrypted-segment-");
        var (encryptedFile, decryptedFile) = (Path.Combine(work.FullName, "fetched.ts"), Path.Combine(work.FullName, "decrypted.ts"));
        var fetched = await http.GetByteArrayAsync(new Uri(mediaPlaylist, segment.Uri));
        await File.WriteAllBytesAsync(encryptedFile, fetched);
        await File.WriteAllBytesAsync(decryptedFile, EncryptedHls.Decrypt(fetched, await http.GetByteArrayAsync(new Uri(segment.KeyUri)), segment.Sequence));
        var withoutKey = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", encryptedFile], TimeSpan.FromSeconds(60));
        var withKey = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", decryptedFile], TimeSpan.FromSeconds(60));
        work.Delete(recursive: true);
        var encrypted = Condition(await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => (string?)Condition(s, "Encrypted")?["status"] == "True", "workshop-a's playback seen encrypted"), "Encrypted")!;
        var pushed = await push;

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Idle", "workshop-a Idle");
        var archivePath = idle!["status"]!["sessions"]![0]!["archivePath"]!.GetValue<string>();
        var prefix = archivePath["s3://airwave-sandbox-archive/".Length..];
        var recorded = sandbox.Host.Aws!.Inventory.Keys("airwave-sandbox-archive").Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();

        // What players fetched from the origin (the playlists and segments above, the edge's included), as MediaPackage
        // reported it to CloudWatch, priced at the origin's rate per GB: the stream's delivery cost once it is read.
        var aws = idle["status"]!["aws"]!;
        var dimensions = new Dictionary<string, string> { ["Channel"] = (string)aws["packageChannelId"]!, ["OriginEndpoint"] = (string)aws["packageEndpointId"]! };
        var now = DateTimeOffset.UtcNow;
        var served = sandbox.Host.Aws.Metrics.Query("AWS/MediaPackage", "EgressBytes", dimensions, "Sum", 86400, now.AddDays(-1), now.AddMinutes(1)).Sum(p => p.Value);
        var expected = CostAmount.Format((decimal)served / 1_000_000_000m * new PriceTable().MediaPackage.OriginPerGb);
        var measured = (await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => (string?)Delivery(s)?["total"] == expected, $"workshop-a's delivery cost of {served} bytes, {expected}"))!;

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.StartsWith("#EXTM3U", playlist, StringComparison.Ordinal);
        Assert.Contains("#EXTINF", playlist, StringComparison.Ordinal);

        // The stream's 720p ladder, each rendition encoded by the channel at its size.
        Assert.Equal(
            ["RESOLUTION=1280x720", "RESOLUTION=960x540", "RESOLUTION=640x360"],
            master.Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).Select(l => l.Split(',').Single(a => a.StartsWith("RESOLUTION=", StringComparison.Ordinal))));

        // Encrypted with keys from the installation's key provider (the webhook service), which players fetch there;
        // ffmpeg, a player, plays it with them, origin and edge alike.
        var keyProvider = sandbox.Host.MuxCallbackUrl!.GetLeftPart(UriPartial.Authority);
        Assert.StartsWith($"{keyProvider}/v1/keys/", segment.KeyUri, StringComparison.Ordinal);
        Assert.DoesNotContain("#EXT-X-KEY", master, StringComparison.Ordinal);
        Assert.False(withoutKey.ExitCode == 0 && withoutKey.StandardOutput.Contains("h264", StringComparison.Ordinal), withoutKey.ToString());
        Assert.True(withKey.ExitCode == 0, withKey.ToString());
        Assert.Contains("h264", withKey.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("KeysServed", (string?)encrypted["reason"]);
        Assert.Contains($"keys from the key provider at {keyProvider}/v1/speke", (string?)encrypted["message"], StringComparison.Ordinal);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.Equal(["aac", "h264"], probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order());
        Assert.True(throughEdge.ExitCode == 0, throughEdge.ToString());
        Assert.Equal(["aac", "h264"], throughEdge.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order());
        var file = Assert.Single(recorded);
        Assert.Matches(@"/index-\d{8}T\d{6}\.000001\.ts$", file);

        Assert.True(served > 100_000, $"{served} bytes served");
        Assert.NotNull(Delivery(measured)!["measuredAt"]);
        Assert.Contains("EgressBytes", (string?)Delivery(measured)!["basis"], StringComparison.Ordinal);
        var cost = measured["status"]!["cost"]!;
        Assert.Equal(Dollars(cost["total"]), cost["components"]!.AsArray().Where(c => (string?)c!["total"] != "unknown").Sum(c => Dollars(c!["total"])));

        static JsonNode? Delivery(JsonNode? stream) => stream?["status"]?["cost"]?["components"]?.AsArray().FirstOrDefault(c => (string?)c?["name"] == "delivery");
    }

    [Fact]
    public async Task A_stream_whose_input_falls_silent_for_its_idle_limit_is_stopped_as_idle_and_stays_stopped()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var applied = await sandbox.Kubectl.RunWithInputAsync("""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: quiet-room }
            spec:
              state: Running
              idleStopAfter: 1m
              source: { type: RtmpPush, rtmpPush: { allowedCidrs: [127.0.0.1/32] } }
              playback: { encryption: { enabled: false } }
            """, ["apply", "-n", ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await sandbox.WaitForAsync(ns, "livestream", "quiet-room", s => Phase(s) == "Running", "quiet-room Running");
        var secret = await sandbox.GetAsync(ns, "secret", "quiet-room-ingest");
        var ingest = Encoding.UTF8.GetString(Convert.FromBase64String(secret!["data"]!["primaryUrl"]!.GetValue<string>()));

        var pushed = await TestMedia.PushRtmpAsync(ingest, seconds: 20);
        var pushEnded = DateTimeOffset.UtcNow;
        var idle = (await Eventually.MatchAsync(
            () => sandbox.GetAsync(ns, "livestream", "quiet-room"),
            s => Phase(s) == "Idle",
            TimeSpan.FromMinutes(3),
            "quiet-room stopped for want of input"))!;
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=IdleStopped", "-o", "json");
        var stopped = Assert.Single(
            await Eventually.MatchAsync(sandbox.OutboxEventsAsync, e => e.Any(Stopped), OperatorSandbox.Timeout, "the stop announced"),
            Stopped);

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var session = idle["status"]!["sessions"]![0]!;
        Assert.Equal("Idle", (string?)session["stopReason"]);
        Assert.Equal("idle", (string?)stopped["data"]!["stop_reason"]);
        Assert.Equal((string?)session["id"], (string?)stopped["data"]!["session_id"]);

        // Stopped once the input had a minute without video, not before, and about then: the stream is looked at when
        // its silence reaches the limit (times in status are whole seconds).
        var decided = (DateTimeOffset)Condition(idle, "IdleStopped")!["lastTransitionTime"]!;
        Assert.InRange(decided - pushEnded, TimeSpan.FromSeconds(58), TimeSpan.FromSeconds(90));
        Assert.Equal(("Running", "IdleStopped"), ((string?)idle["spec"]!["state"], (string?)Condition(idle, "Ready")!["reason"]));
        Assert.Equal("True", (string?)Condition(idle, "IdleStopped")!["status"]);
        Assert.Contains("had no video for 00:01:00", (string?)Assert.Single(JsonNode.Parse(events)!["items"]!.AsArray())!["message"], StringComparison.Ordinal);

        // What the run cost: positive, and the channel's rate for the time it ran.
        AssertCostOfItsRunTime(idle);

        bool Stopped(JsonNode e) => (string?)e["type"] == "dev.airwave.stream.stopped" && (string?)e["subject"] == $"{ns}/quiet-room";
    }

    [Fact]
    public async Task A_push_with_a_wrong_stream_key_makes_the_input_not_ready_saying_why_until_one_with_the_right_key()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        var secret = await sandbox.GetAsync(ns, "secret", "workshop-a-ingest");
        var ingest = Encoding.UTF8.GetString(Convert.FromBase64String(secret!["data"]!["primaryUrl"]!.GetValue<string>()));
        var key = Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["streamKey"]!.GetValue<string>()));
        // An encoder still set to an earlier key: the same URL but for the key.
        var oldKey = new string([.. key.Reverse()]);

        var wrong = await TestMedia.PushRtmpAsync(ingest.Replace(key, oldKey, StringComparison.Ordinal), seconds: 2);
        var refused = (await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Condition(s, "InputReady")?["reason"]?.GetValue<string>() == "PushRefused", "workshop-a's refused push reported"))!;
        var warnings = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=PushRefused", "-o", "json");
        var right = await TestMedia.PushRtmpAsync(ingest, seconds: 2);
        var accepted = (await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Condition(s, "InputReady")?["status"]?.GetValue<string>() == "True", "workshop-a's input ready again"))!;
        var recoveries = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=PushAccepted", "-o", "json");
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "workshop-a", "-n", ns, "--wait=true");

        Assert.NotEqual(0, wrong.ExitCode);
        Assert.True(right.ExitCode == 0, right.ToString());
        var input = Condition(refused, "InputReady")!;
        var inputId = (string)refused["status"]!["aws"]!["inputId"]!;
        Assert.Equal("False", (string?)input["status"]);
        Assert.StartsWith($"A push to input {inputId} was refused (pipeline 0, since ", (string)input["message"]!, StringComparison.Ordinal);
        Assert.Contains("unknown stream key. Push to the URLs in Secret workshop-a-ingest", (string)input["message"]!, StringComparison.Ordinal);
        // The channel runs and takes the right key meanwhile: the stream stays Ready.
        Assert.Equal(("Running", "True"), (Phase(refused), (string?)Condition(refused, "Ready")!["status"]));
        var warning = Assert.Single(JsonNode.Parse(warnings)!["items"]!.AsArray())!;
        Assert.Equal("Warning", (string?)warning["type"]);
        Assert.Equal($"A push to input {inputId} was refused: unknown stream key; the URLs in Secret workshop-a-ingest carry the right one", (string?)warning["message"]);
        Assert.Equal(("True", "Created"), ((string?)Condition(accepted, "InputReady")!["status"], (string?)Condition(accepted, "InputReady")!["reason"]));
        Assert.Equal("Normal", (string?)Assert.Single(JsonNode.Parse(recoveries)!["items"]!.AsArray())!["type"]);
        // Neither key is written where the stream's readers look.
        Assert.DoesNotContain(key, refused.ToJsonString() + warnings, StringComparison.Ordinal);
        Assert.DoesNotContain(oldKey, refused.ToJsonString() + warnings, StringComparison.Ordinal);
    }
}
