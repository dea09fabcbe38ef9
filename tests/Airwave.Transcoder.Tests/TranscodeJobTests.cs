using Airwave.Media.Transcoding;

namespace Airwave.Transcoder.Tests;

/// <summary>
/// The transcode Job's program against S3 (the emulator) by presigned URLs only, as the operator plans it: what it
/// stores, what a player of the stored files gets, and what its report tells the operator.
/// </summary>
public sealed class TranscodeJobTests(TranscoderStore store) : IClassFixture<TranscoderStore>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("airwave-transcoder-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task A_video_becomes_a_ladder_capped_at_its_size_that_plays_with_stills_and_its_facts_reported()
    {
        var source = await SourceMedia.MakeAsync(_directory.FullName, 854, 480, seconds: 7);
        var plan = await store.PlanAsync("ladder", await store.PutSourceAsync("ladder", source));

        var run = await TranscoderProcess.RunAsync(plan, _directory.FullName);

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = await store.ReadJsonAsync("ladder/job/report.json", TranscodeJson.Default.TranscodeReport);
        Assert.NotNull(report);
        Assert.Null(report.Failure);
        Assert.Equal(["480p", "360p"], report.Renditions.Select(r => r.Name));
        Assert.Equal([(854, 480), (640, 360)], report.Renditions.Select(r => (r.Width, r.Height)));
        Assert.All(report.Renditions, r => Assert.True(r.Bandwidth > 0, $"{r.Name} has no bandwidth"));
        var facts = report.Source!;
        Assert.InRange(facts.DurationSeconds, 6.9, 7.2);
        Assert.Equal((854, 480, 25.0), (facts.Width, facts.Height, facts.FrameRate));
        Assert.Equal(("h264", "aac"), (facts.VideoCodec, facts.AudioCodec));
        Assert.Contains("mp4", facts.Format, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(source).Length, facts.SizeBytes);
        Assert.True(facts.BitsPerSecond > 0);

        // Stills at 0, 2, 4 and 6 seconds: one per interval of the 7 seconds.
        Assert.Equal(new ThumbnailSet(4, 2), report.Thumbnails);
        var keys = await store.KeysAsync("ladder/hls");
        Assert.Equal(
            ["360p.m3u8", "360p_000.ts", "480p.m3u8", "480p_000.ts", "master.m3u8", "thumbnails/000.jpg", "thumbnails/001.jpg", "thumbnails/002.jpg", "thumbnails/003.jpg"],
            keys);
        Assert.Equal("application/vnd.apple.mpegurl", await store.ContentTypeAsync("ladder/hls/master.m3u8"));
        Assert.Equal("video/mp2t", await store.ContentTypeAsync("ladder/hls/480p_000.ts"));

        // What a player gets: both renditions of the master playlist decode, each with picture and sound.
        var played = Path.Combine(_directory.FullName, "played");
        await store.DownloadAsync("ladder", played);
        var streams = await SourceMedia.StreamsAsync(Path.Combine(played, "master.m3u8"));
        Assert.Contains("h264,video,854,480", streams);
        Assert.Contains("h264,video,640,360", streams);
        Assert.Contains("aac,audio", streams);
        Assert.InRange(await TestMedia.DurationAsync(Path.Combine(played, "360p.m3u8")), 6.5, 7.5);
        Assert.Equal(["mjpeg,video,640,360"], await SourceMedia.StreamsAsync(Path.Combine(played, "thumbnails", "003.jpg")));

        var progress = await store.ReadJsonAsync("ladder/job/progress.json", TranscodeJson.Default.TranscodeProgress);
        Assert.Equal(new TranscodeProgress(TranscodeStage.Uploading, 100), progress);
    }

    [Fact]
    public async Task Urls_signed_again_into_the_plan_while_it_runs_store_what_the_expired_ones_could_not()
    {
        var source = await SourceMedia.MakeAsync(_directory.FullName, 640, 360, seconds: 3);
        await using var held = await ClipServer.StartAsync(source, held: true);
        var lifetime = TimeSpan.FromSeconds(2);
        var expiring = await store.PlanAsync("renewed", held.ClipUrl.ToString(), lifetime: lifetime);
        var expires = DateTimeOffset.UtcNow + lifetime;

        var run = TranscoderProcess.RunAsync(expiring, _directory.FullName);
        await held.Requested.WaitAsync(TimeSpan.FromSeconds(60));

        // The plan's first URLs expire while the source is still coming; the operator signs them again meanwhile.
        await TranscoderProcess.ReplacePlanAsync(await store.PlanAsync("renewed", held.ClipUrl.ToString()), _directory.FullName);
        var wait = expires.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        using (var http = new HttpClient())
        using (var late = await http.PutAsync(new Uri(expiring.ReportUrl), new StringContent("{}")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, late.StatusCode);
        }

        held.Release();
        var ran = await run;

        Assert.True(ran.ExitCode == 0, ran.ToString());
        Assert.Null((await store.ReadJsonAsync("renewed/job/report.json", TranscodeJson.Default.TranscodeReport))!.Failure);
        Assert.Contains("master.m3u8", await store.KeysAsync("renewed/hls"));
    }

    [Fact]
    public async Task A_portrait_video_without_sound_gets_its_own_size_in_parts_addressed_by_byte_ranges()
    {
        var source = await SourceMedia.MakeAsync(_directory.FullName, 360, 640, seconds: 9, sound: false);
        var plan = await store.PlanAsync("portrait", await store.PutSourceAsync("portrait", source), p => p with { PartSeconds = 4, MaxDurationSeconds = 12 });

        var run = await TranscoderProcess.RunAsync(plan, _directory.FullName);

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = await store.ReadJsonAsync("portrait/job/report.json", TranscodeJson.Default.TranscodeReport);
        Assert.Equal([new RenditionMade("360p", "360p.m3u8", 360, 640, report!.Renditions[0].Bandwidth)], report.Renditions);
        Assert.Null(report.Source!.AudioCodec);
        Assert.Equal(
            ["360p.m3u8", "360p_000.ts", "360p_001.ts", "360p_002.ts", "master.m3u8"],
            (await store.KeysAsync("portrait/hls")).Where(k => !k.StartsWith("thumbnails/", StringComparison.Ordinal)));

        var played = Path.Combine(_directory.FullName, "played");
        await store.DownloadAsync("portrait", played);
        var playlist = await File.ReadAllTextAsync(Path.Combine(played, "360p.m3u8"));
        Assert.Contains("#EXT-X-BYTERANGE:", playlist, StringComparison.Ordinal);
        Assert.Equal(["h264,video,360,640"], await SourceMedia.StreamsAsync(Path.Combine(played, "master.m3u8")));
        Assert.InRange(await TestMedia.DurationAsync(Path.Combine(played, "360p.m3u8")), 8.5, 9.5);
    }

    [Fact]
    public async Task A_text_file_is_not_a_video_and_nothing_is_stored_but_the_report()
    {
        var text = Path.Combine(_directory.FullName, "notes.mp4");
        await File.WriteAllTextAsync(text, "These are meeting notes, not a video.\n");
        var plan = await store.PlanAsync("text", await store.PutSourceAsync("text", text));

        var run = await TranscoderProcess.RunAsync(plan, _directory.FullName);

        Assert.Equal(1, run.ExitCode);
        var report = await store.ReadJsonAsync("text/job/report.json", TranscodeJson.Default.TranscodeReport);
        Assert.Equal(TranscodeFailureReason.NotAVideo, report!.Failure!.Reason);
        Assert.Equal("The source is not a video ffmpeg can read: source: Invalid data found when processing input", report.Failure.Message);
        Assert.Empty(await store.KeysAsync("text/hls"));
        Assert.DoesNotContain("X-Amz-Signature", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_longer_than_the_limit_is_refused_with_its_length()
    {
        var source = await SourceMedia.MakeAsync(_directory.FullName, 640, 360, seconds: 4);
        var plan = await store.PlanAsync("long", await store.PutSourceAsync("long", source), p => p with { MaxDurationSeconds = 3 });

        var run = await TranscoderProcess.RunAsync(plan, _directory.FullName);

        Assert.Equal(1, run.ExitCode);
        var report = await store.ReadJsonAsync("long/job/report.json", TranscodeJson.Default.TranscodeReport);
        Assert.Equal(TranscodeFailureReason.TooLong, report!.Failure!.Reason);
        Assert.Equal("The source is 4 seconds long; the limit is 3.", report.Failure.Message);
        Assert.Equal((640, 360), (report.Source!.Width, report.Source.Height));
        Assert.Empty(await store.KeysAsync("long/hls"));
    }

    [Fact]
    public async Task A_source_larger_than_the_limit_stops_before_it_is_fetched_whole()
    {
        var source = await SourceMedia.MakeAsync(_directory.FullName, 640, 360, seconds: 2);
        var plan = await store.PlanAsync("large", await store.PutSourceAsync("large", source), p => p with { MaxSourceBytes = 1000 });

        var run = await TranscoderProcess.RunAsync(plan, _directory.FullName);

        Assert.Equal(1, run.ExitCode);
        var report = await store.ReadJsonAsync("large/job/report.json", TranscodeJson.Default.TranscodeReport);
        Assert.Equal(new TranscodeFailure(TranscodeFailureReason.TooLarge, "The source is larger than the limit of 1000 bytes."), report!.Failure);
        Assert.Null(report.Source);
    }

    [Fact]
    public async Task A_source_that_is_not_there_is_unreadable_and_its_url_is_not_told()
    {
        var missing = await store.PutSourceAsync("missing", await SourceMedia.MakeAsync(_directory.FullName, 640, 360, seconds: 2));
        await store.S3.DeleteObjectAsync(TranscoderStore.Bucket, "missing/source");
        var plan = await store.PlanAsync("missing", missing);

        var run = await TranscoderProcess.RunAsync(plan, _directory.FullName);

        Assert.Equal(1, run.ExitCode);
        var report = await store.ReadJsonAsync("missing/job/report.json", TranscodeJson.Default.TranscodeReport);
        Assert.Equal(new TranscodeFailure(TranscodeFailureReason.SourceUnreadable, "The source could not be fetched: its server answered 404 Not Found."), report!.Failure);
        Assert.DoesNotContain("X-Amz-Signature", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_the_store_refuses_fails_the_job_naming_the_file()
    {
        var source = await SourceMedia.MakeAsync(_directory.FullName, 640, 360, seconds: 2);
        var plan = await store.PlanAsync("refused", await store.PutSourceAsync("refused", source));

        // A URL whose signature no longer matches, as one the store no longer honours.
        var uploads = new Dictionary<string, string>(plan.Uploads, StringComparer.Ordinal);
        uploads[TranscodeOutputs.Master] = uploads[TranscodeOutputs.Master].Replace("X-Amz-Signature=", "X-Amz-Signature=0", StringComparison.Ordinal);

        var run = await TranscoderProcess.RunAsync(plan with { Uploads = uploads }, _directory.FullName);

        Assert.Equal(1, run.ExitCode);
        var report = await store.ReadJsonAsync("refused/job/report.json", TranscodeJson.Default.TranscodeReport);
        Assert.Equal(new TranscodeFailure(TranscodeFailureReason.UploadFailed, "master.m3u8 could not be stored: the store answered 403 Forbidden."), report!.Failure);
        Assert.DoesNotContain("master.m3u8", await store.KeysAsync("refused/hls"));
    }

    [Theory]
    [InlineData("file:///etc/passwd", "input must be an http or https URL")]
    [InlineData("concat:http://127.0.0.1/a|http://127.0.0.1/b", "input must be an http or https URL")]
    public async Task A_plan_with_a_source_that_is_not_fetched_over_http_is_refused_before_anything_runs(string input, string said)
    {
        var plan = await store.PlanAsync("refused-plan", input);

        var run = await TranscoderProcess.RunAsync(plan, _directory.FullName);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"airwave-transcoder: invalid plan: {said}", run.StandardError.Trim());
        Assert.Empty(await store.KeysAsync("refused-plan"));
    }
}
