using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.Uploads;

/// <summary>
/// S3Upload streams in the sandbox, used as a mobile app's backend uses them: the ingest Secret's credentials, handed
/// over unchanged to the AWS CLI, write under the session's prefix and nowhere else; they are replaced before they
/// expire while the stream runs and taken out of the Secret when it stops; a second start is a new prefix.
/// </summary>
public sealed class UploadStreamTests(UploadSandbox sandbox) : IClassFixture<UploadSandbox>, IDisposable
{
    private const string Stream = "phone";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-upload-test-");

    private AwsEmulator Aws => sandbox.Host.Aws!;

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task An_app_uploads_under_the_session_prefix_with_the_secrets_credentials_which_are_refreshed_while_running_and_withdrawn_when_stopped()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, Manifest("Running"));
        var running = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running", $"{Stream} Running"))!;
        var first = await SecretAsync(ns);
        var segment = Path.Combine(_work.FullName, "segment0.ts");
        await File.WriteAllBytesAsync(segment, new byte[188 * 50]);
        using var app = AppCli(first);
        var inside = await app.RunAsync("s3", "cp", segment, $"s3://{first["s3_bucket_name"]}/{first["s3_bucket_path"]}segment0.ts");
        var outside = await app.RunAsync("s3", "cp", segment, $"s3://{first["s3_bucket_name"]}/{ns}/someone-else/segment0.ts");

        // Replaced before they expire: new keys in the Secret, which write too.
        var refreshed = await Eventually.MatchAsync(() => SecretAsync(ns), s => s.GetValueOrDefault("aws_access_key_id") is { } key && key != first["aws_access_key_id"], TimeSpan.FromSeconds(90), "new credentials in the Secret");
        using var refreshedApp = AppCli(refreshed);
        var afterRefresh = await refreshedApp.RunAsync("s3", "cp", segment, $"s3://{refreshed["s3_bucket_name"]}/{refreshed["s3_bucket_path"]}segment1.ts");

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Idle", $"{Stream} Idle"))!;
        var stopped = await SecretAsync(ns);
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Running"}}""");
        var again = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running" && s!["status"]!["sessions"]!.AsArray().Count == 2, $"{Stream} Running again"))!;
        var second = await SecretAsync(ns);
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");
        var announced = (await sandbox.OutboxEventsAsync()).Where(e => (string?)e["subject"] == $"{ns}/{Stream}").Select(e => (string?)e["type"]).ToList();
        var keys = Aws.Inventory.Keys(first["s3_bucket_name"]);
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", Stream, "-n", ns, "--wait=true");

        // What the app backend hands over, in the field names it expects.
        Assert.Equal(SandboxHost.ArchiveBucket, first["s3_bucket_name"]);
        Assert.Equal("us-east-1", first["s3_bucket_region"]);
        var archivePath = (string)running["status"]!["sessions"]![0]!["archivePath"]!;
        Assert.Equal($"{archivePath}/", $"s3://{first["s3_bucket_name"]}/{first["s3_bucket_path"]}");
        Assert.StartsWith($"{ns}/", first["s3_bucket_path"], StringComparison.Ordinal);
        Assert.Equal($"s3://{first["s3_bucket_name"]}/{first["s3_bucket_path"]}", (string?)running["status"]!["ingest"]!["primary"]);
        Assert.Matches("^ASIA", first["aws_access_key_id"]);
        var lasts = DateTimeOffset.Parse(first["aws_expiration"], System.Globalization.CultureInfo.InvariantCulture) - running["status"]!["sessions"]![0]!["startedAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(lasts, TimeSpan.FromSeconds(880), TimeSpan.FromSeconds(905));
        Assert.DoesNotContain(first["aws_secret_access_key"], running.ToJsonString(), StringComparison.Ordinal);

        Assert.True(inside.ExitCode == 0, inside.ToString());
        Assert.Contains("AccessDenied", outside.Error, StringComparison.Ordinal);
        Assert.Equal(first["s3_bucket_path"], refreshed["s3_bucket_path"]);
        Assert.True(afterRefresh.ExitCode == 0, afterRefresh.ToString());
        Assert.Contains("CredentialsRefreshed", events, StringComparison.Ordinal);

        // Stopped: the Secret says where the app wrote, with no credentials; a new start is a new prefix.
        Assert.False(stopped.ContainsKey("aws_access_key_id"));
        Assert.False(stopped.ContainsKey("aws_session_token"));
        Assert.Equal(first["s3_bucket_path"], stopped["s3_bucket_path"]);
        Assert.NotNull(idle["status"]!["sessions"]![0]!["stoppedAt"]);
        Assert.NotEqual(first["s3_bucket_path"], second["s3_bucket_path"]);
        Assert.NotEqual(refreshed["aws_access_key_id"], second["aws_access_key_id"]);
        Assert.Equal($"{(string)again["status"]!["sessions"]![1]!["archivePath"]!}/", $"s3://{second["s3_bucket_name"]}/{second["s3_bucket_path"]}");
        Assert.Equal(2, announced.Count(t => t == "dev.airwave.stream.started"));
        Assert.Equal(1, announced.Count(t => t == "dev.airwave.stream.stopped"));
        Assert.Contains("dev.airwave.stream.credentials.refreshed", announced);
        Assert.Contains($"{first["s3_bucket_path"]}segment0.ts", keys);
        Assert.Contains($"{first["s3_bucket_path"]}segment1.ts", keys);
        Assert.DoesNotContain(keys, k => k.Contains("someone-else", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_live_upload_streams_playlist_uploaded_by_the_app_plays_through_the_status_url_until_it_leaves_the_distribution()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, Manifest("Running") + "  live: true\n");
        var running = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running" && s?["status"]?["playback"]?["url"] is not null, $"{Stream} Running with a playback URL"))!;
        var url = (string)running["status"]!["playback"]!["url"]!;
        var secret = await SecretAsync(ns);

        // The app records HLS and uploads it with the Secret's credentials.
        var recording = await RecordHlsAsync();
        using var app = AppCli(secret);
        var uploaded = await app.RunAsync("s3", "cp", recording, $"s3://{secret["s3_bucket_name"]}/{secret["s3_bucket_path"]}", "--recursive");
        Assert.True(uploaded.ExitCode == 0, uploaded.ToString());

        var played = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", url], TimeSpan.FromSeconds(60));
        using var admin = new AwsCli(Aws.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var onDistribution = (await admin.RunAsync("cloudfront", "get-distribution-config", "--id", Aws.Options.LiveDistributionId)).Json["DistributionConfig"]!;
        var policies = (await admin.RunAsync("cloudfront", "list-response-headers-policies", "--type", "custom")).Json["ResponseHeadersPolicyList"]!["Items"]!.AsArray();

        // Only media files go up, and whatever an app labels a file, the live domain serves it as nothing a browser runs.
        var page = Path.Combine(Path.GetDirectoryName(recording)!, "page.html");
        await File.WriteAllTextAsync(page, "<script>document.cookie</script>");
        var html = await app.RunAsync("s3", "cp", page, $"s3://{secret["s3_bucket_name"]}/{secret["s3_bucket_path"]}page.html", "--content-type", "text/html");
        var disguised = await app.RunAsync("s3", "cp", page, $"s3://{secret["s3_bucket_name"]}/{secret["s3_bucket_path"]}page.ts", "--content-type", "text/html");
        using var http = new HttpClient();
        using var playlist = await http.GetAsync(new Uri(url));
        using var served = await http.GetAsync(new Uri(url.Replace("index.m3u8", "page.ts", StringComparison.Ordinal)));

        // Stopped, the session stays there to be watched again; taken off the live distribution, it plays no more there.
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Idle", $"{Stream} Idle"))!;
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"live":false}}""");
        var offline = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Condition(s, "Live")?["reason"]?.GetValue<string>() == "NotLive", $"{Stream} off the live distribution"))!;
        using var afterwards = await http.GetAsync(new Uri(url));
        var offDistribution = (await admin.RunAsync("cloudfront", "get-distribution-config", "--id", Aws.Options.LiveDistributionId)).Json["DistributionConfig"]!;
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", Stream, "-n", ns, "--wait=true");

        Assert.Equal(url, (string?)running["status"]!["playback"]!["liveUrl"]);
        Assert.Equal($"{Aws.EdgeAddress(Aws.Options.LiveDistributionId)}/{secret["s3_bucket_path"]}index.m3u8", url);
        Assert.Equal("OnLiveDistribution", (string?)Condition(running, "Live")!["reason"]);
        Assert.True(played.ExitCode == 0, played.ToString());
        Assert.Equal(["h264", "aac"], played.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct());
        var origin = onDistribution["Origins"]!["Items"]!.AsArray().Single(o => ((string)o!["DomainName"]!).StartsWith(SandboxHost.ArchiveBucket + ".s3.", StringComparison.Ordinal))!;
        Assert.Equal(Aws.Options.ArchiveOriginAccessControlId, (string?)origin["OriginAccessControlId"]);
        var behavior = onDistribution["CacheBehaviors"]!["Items"]!.AsArray().Single(b => (string?)b!["PathPattern"] == $"/{secret["s3_bucket_path"]}*" && (string?)b["TargetOriginId"] == (string?)origin["Id"])!;
        var policy = policies.Single(p => (string?)p!["ResponseHeadersPolicy"]!["Id"] == (string?)behavior["ResponseHeadersPolicyId"])!;
        Assert.Equal($"airwave-uploads-{(string?)running["status"]!["cluster"]}", (string?)policy["ResponseHeadersPolicy"]!["ResponseHeadersPolicyConfig"]!["Name"]);
        Assert.Contains("AccessDenied", html.Error, StringComparison.Ordinal);
        Assert.True(disguised.ExitCode == 0, disguised.ToString());
        Assert.Equal("nosniff", playlist.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(System.Net.HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("text/html", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("default-src 'none'; sandbox", served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(url, (string?)idle["status"]!["playback"]!["url"]);
        Assert.Null(offline["status"]!["playback"]);
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, afterwards.StatusCode);
        Assert.DoesNotContain(offDistribution["Origins"]!["Items"]!.AsArray(), o => (string?)o!["Id"] == (string?)origin["Id"]);
    }

    [Fact]
    public async Task Without_spec_live_the_webhook_service_gives_callers_allowed_to_get_the_stream_a_signed_url_of_the_uploaded_playlist()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        using var http = new HttpClient();
        await sandbox.ApplyAsync(ns, Manifest("Stopped"));
        var (player, stranger) = await sandbox.PlaybackCallersAsync(ns, Stream);
        await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Idle", $"{Stream} Idle");
        using var beforeAnySession = await sandbox.AskPlaybackTokenAsync(http, player, ns, Stream);
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Running"}}""");
        await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running", $"{Stream} Running");
        var secret = await SecretAsync(ns);
        var recording = await RecordHlsAsync();
        using var app = AppCli(secret);
        var uploaded = await app.RunAsync("s3", "cp", recording, $"s3://{secret["s3_bucket_name"]}/{secret["s3_bucket_path"]}", "--recursive");
        Assert.True(uploaded.ExitCode == 0, uploaded.ToString());

        using var granted = await sandbox.AskPlaybackTokenAsync(http, player, ns, Stream);
        using var refused = await sandbox.AskPlaybackTokenAsync(http, stranger, ns, Stream);
        var answer = JsonNode.Parse(await granted.Content.ReadAsStringAsync())!;
        var url = (string)answer["playbackUrl"]!;
        var played = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", url], TimeSpan.FromSeconds(60));
        var playlist = await http.GetStringAsync(new Uri(url));
        using var tampered = await http.GetAsync(new Uri(url[..^2] + (url.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA")));
        using var escaping = await http.GetAsync(new Uri(url.Replace("/index.m3u8?", "/..%2F..%2Fsomeone-else%2Findex.m3u8?", StringComparison.Ordinal)));

        // A playlist too large to read whole is not served: an app cannot make the service hold gigabytes.
        var big = Path.Combine(_work.FullName, "big.m3u8");
        await File.WriteAllTextAsync(big, "#EXTM3U\n" + string.Concat(Enumerable.Repeat("#EXT-X-PROGRAM-DATE-TIME:2026-11-27T00:00:00.000Z\n", 100_000)));
        var uploadedBig = await app.RunAsync("s3", "cp", big, $"s3://{secret["s3_bucket_name"]}/{secret["s3_bucket_path"]}big.m3u8");
        Assert.True(uploadedBig.ExitCode == 0, uploadedBig.ToString());
        using var tooLarge = await http.GetAsync(new Uri(url.Replace("/index.m3u8?", "/big.m3u8?", StringComparison.Ordinal)));
        using var shortLived = await sandbox.AskPlaybackTokenAsync(http, player, ns, Stream, expiresInSeconds: 1);
        var shortUrl = (string)JsonNode.Parse(await shortLived.Content.ReadAsStringAsync())!["playbackUrl"]!;
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var expired = await http.GetAsync(new Uri(shortUrl));
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", Stream, "-n", ns, "--wait=true");

        Assert.Equal(System.Net.HttpStatusCode.Conflict, beforeAnySession.StatusCode);
        Assert.Contains("no session yet", await beforeAnySession.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, granted.StatusCode);
        Assert.StartsWith($"{sandbox.Host.MuxCallbackUrl!.GetLeftPart(UriPartial.Authority)}/v1/uploads/{ns}/{Stream}/", url, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(played.ExitCode == 0, played.ToString());
        Assert.Equal(["h264", "aac"], played.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct());

        // The segments come straight from S3, presigned until the URL expires; the bucket itself stays closed.
        var segment = playlist.Split('\n').First(l => l.Contains("segment0.ts", StringComparison.Ordinal));
        Assert.StartsWith($"{Aws.BaseAddress}{secret["s3_bucket_name"]}/{secret["s3_bucket_path"]}segment0.ts?", segment, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", segment, StringComparison.Ordinal);
        using var unsigned = await http.GetAsync(new Uri(segment[..segment.IndexOf('?', StringComparison.Ordinal)]));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, escaping.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("larger than 4194304 bytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>What the app records: six seconds of HLS in two-second segments, a moving test picture and a tone.</summary>
    [Fact]
    public async Task Two_upload_streams_of_a_namespace_write_only_under_their_own_prefixes_and_a_template_they_would_share_is_refused()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, Manifest("Running") + "---\n" + Manifest("Running", "tablet"));
        foreach (var name in new[] { Stream, "tablet" })
        {
            await sandbox.WaitForAsync(ns, "livestream", name, s => Phase(s) == "Running", $"{name} Running");
        }

        var (phone, tablet) = (await SecretAsync(ns), await SecretAsync(ns, "tablet"));
        var segment = Path.Combine(_work.FullName, "segment0.ts");
        await File.WriteAllBytesAsync(segment, new byte[188 * 50]);
        using var phoneApp = AppCli(phone);
        var own = await phoneApp.RunAsync("s3", "cp", segment, $"s3://{phone["s3_bucket_name"]}/{phone["s3_bucket_path"]}segment0.ts");
        var others = await phoneApp.RunAsync("s3", "cp", segment, $"s3://{tablet["s3_bucket_name"]}/{tablet["s3_bucket_path"]}segment0.ts");

        // Templates that would give both streams one prefix, or a prefix pattern, fail the stream before anything is
        // made (admission refuses them at apply where it is installed).
        var shared = WithTemplate(Manifest("Running", "watch"), "uploads/{timestamp}");
        var wildcard = WithTemplate(Manifest("Running", "glass"), "{stream}*");
        await sandbox.ApplyAsync(ns, shared + "---\n" + wildcard);
        var failed = new List<JsonNode>();
        foreach (var name in new[] { "watch", "glass" })
        {
            failed.Add((await sandbox.WaitForAsync(ns, "livestream", name, s => Phase(s) == "Failed", $"{name} Failed"))!);
        }

        var watchSecret = await sandbox.GetAsync(ns, "secret", "watch-ingest");
        await sandbox.Kubectl.SucceedAsync("delete", "livestreams", "--all", "-n", ns, "--wait=true");

        Assert.NotEqual(phone["s3_bucket_path"], tablet["s3_bucket_path"]);
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Contains("AccessDenied", others.Error, StringComparison.Ordinal);
        Assert.DoesNotContain($"{tablet["s3_bucket_path"]}segment0.ts", Aws.Inventory.Keys(tablet["s3_bucket_name"]));
        Assert.All(failed, f => Assert.Equal("InvalidSpec", (string?)Condition(f, "Ready")!["reason"]));
        Assert.StartsWith("spec.archive.pathTemplate: Invalid value: \"uploads/{timestamp}\": must contain {stream} for an S3Upload stream", (string?)Condition(failed[0], "Ready")!["message"], StringComparison.Ordinal);
        Assert.StartsWith("spec.archive.pathTemplate: Invalid value: \"{stream}*\": may not have '*' or '?'", (string?)Condition(failed[1], "Ready")!["message"], StringComparison.Ordinal);
        Assert.Null(watchSecret);
    }

    private async Task<string> RecordHlsAsync()
    {
        var recording = Directory.CreateDirectory(Path.Combine(_work.FullName, "recording")).FullName;
        var recorded = await ProcessRunner.RunAsync(
            "ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "6",
                "-c:v", "libx264", "-g", "50", "-c:a", "aac", "-f", "hls", "-hls_time", "2", "-hls_list_size", "0", "-hls_playlist_type", "event",
                "-hls_segment_filename", Path.Combine(recording, "segment%d.ts"), Path.Combine(recording, "index.m3u8")],
            TimeSpan.FromSeconds(60));
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        return recording;
    }

    [Fact]
    public async Task A_streams_prefix_never_holds_another_streams_so_a_template_under_anothers_stays_out_of_its_reach()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        // Without the session in the prefix, "inner" would upload under "outer"'s prefix, within reach of its credentials.
        await sandbox.ApplyAsync(ns, WithTemplate(Manifest("Running", "outer"), "{stream}") + "---\n" + WithTemplate(Manifest("Running", "inner"), "outer/{stream}"));
        var sessions = new Dictionary<string, string>();
        foreach (var name in new[] { "outer", "inner" })
        {
            var running = await sandbox.WaitForAsync(ns, "livestream", name, s => Phase(s) == "Running", $"{name} Running");
            sessions[name] = (string)running!["status"]!["currentSessionId"]!;
        }

        var (outer, inner) = (await SecretAsync(ns, "outer"), await SecretAsync(ns, "inner"));
        var segment = Path.Combine(_work.FullName, "nested.ts");
        await File.WriteAllBytesAsync(segment, new byte[188 * 10]);
        using var outerApp = AppCli(outer);
        var own = await outerApp.RunAsync("s3", "cp", segment, $"s3://{outer["s3_bucket_name"]}/{outer["s3_bucket_path"]}nested.ts");
        var innerPrefix = await outerApp.RunAsync("s3", "cp", segment, $"s3://{inner["s3_bucket_name"]}/{inner["s3_bucket_path"]}nested.ts");
        await sandbox.Kubectl.SucceedAsync("delete", "livestreams", "--all", "-n", ns, "--wait=true");

        Assert.Equal($"{ns}/outer-{sessions["outer"].ToLowerInvariant()}/", outer["s3_bucket_path"]);
        Assert.Equal($"{ns}/outer/inner-{sessions["inner"].ToLowerInvariant()}/", inner["s3_bucket_path"]);
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Contains("AccessDenied", innerPrefix.Error, StringComparison.Ordinal);
    }

    private static string Manifest(string state, string name = Stream) => $$"""
        apiVersion: media.airwave.dev/v1alpha1
        kind: LiveStream
        metadata: { name: {{name}} }
        spec:
          state: {{state}}
          source: { type: S3Upload, s3Upload: { credentialSeconds: 900 } }

        """;

    private static string WithTemplate(string manifest, string pathTemplate) =>
        manifest.Replace("credentialSeconds: 900 } }", $"credentialSeconds: 900 }} }}\n  archive: {{ pathTemplate: \"{pathTemplate}\" }}", StringComparison.Ordinal);

    private AwsCli AppCli(Dictionary<string, string> secret) =>
        new(Aws.BaseAddress, secret["aws_access_key_id"], secret["aws_secret_access_key"], secret["aws_session_token"]);

    private async Task<Dictionary<string, string>> SecretAsync(string ns, string name = Stream)
    {
        var data = (await sandbox.GetAsync(ns, "secret", $"{name}-ingest"))?["data"]?.AsObject() ?? [];
        return data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value!.GetValue<string>())));
    }
}
