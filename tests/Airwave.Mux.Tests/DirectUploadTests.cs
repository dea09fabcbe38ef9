using System.Net;
using System.Net.Http.Headers;
using Airwave.Mux.Video;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Mux;

namespace Airwave.Mux.Tests;

/// <summary>
/// What happens to a file put to a direct upload's URL in the emulator, as at Mux: the upload's asset is made of it,
/// and it is `ready` with what ffprobe reads of the file, or `errored` when the file is not media.
/// </summary>
public sealed class DirectUploadTests(MuxEmulatorFixture mux) : IClassFixture<MuxEmulatorFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-mux-media-").FullName;
    private readonly HttpClient _http = new();

    private MuxClient Client => new(_http, new MuxClientOptions { BaseAddress = mux.Emulator.BaseAddress, MaxRetries = 0 }, mux.Credentials);

    [Fact]
    public async Task A_file_put_whole_becomes_a_ready_asset_with_the_files_duration_resolution_and_tracks()
    {
        var clip = await TestMedia.ClipAsync(_directory);
        var upload = await Client.CreateUploadAsync(new DirectUploadRequest { CorsOrigin = "*", NewAssetSettings = new AssetSettings { PlaybackPolicy = [PlaybackPolicy.Public], Passthrough = "whole" } }, CancellationToken.None);

        using var put = await _http.PutAsync(upload.Url, new ByteArrayContent(await File.ReadAllBytesAsync(clip)));
        var uploaded = await Client.GetUploadAsync(upload.Id, CancellationToken.None);
        var asset = await ReadyAsync(uploaded.AssetId!);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("asset_created", uploaded.Status);
        Assert.Equal(upload.Id, asset.UploadId);
        Assert.Equal("whole", asset.Passthrough);
        Assert.InRange(asset.Duration!.Value, 1.9, 2.2);
        Assert.Equal("16:9", asset.AspectRatio);
        Assert.Equal("720p", asset.ResolutionTier);
        Assert.Equal(25, asset.MaxStoredFrameRate);
        var video = Assert.Single(asset.Tracks!, t => t.Type == "video");
        Assert.Equal((640, 360), (video.MaxWidth, video.MaxHeight));
        Assert.Equal(2, Assert.Single(asset.Tracks!, t => t.Type == "audio").MaxChannels);
        Assert.Equal("public", Assert.Single(asset.PlaybackIds!).Policy);
    }

    [Fact]
    public async Task Chunks_sent_as_upchunk_sends_them_are_acknowledged_with_308_until_the_last()
    {
        var bytes = await File.ReadAllBytesAsync(await TestMedia.ClipAsync(_directory));
        var upload = await Client.CreateUploadAsync(new DirectUploadRequest { CorsOrigin = "https://app.example.com" }, CancellationToken.None);
        var chunk = (bytes.Length / 3) + 1;

        var answers = new List<(HttpStatusCode Status, string? Range)>();
        for (var start = 0; start < bytes.Length; start += chunk)
        {
            var end = Math.Min(start + chunk, bytes.Length) - 1;
            using var request = new HttpRequestMessage(HttpMethod.Put, upload.Url) { Content = new ByteArrayContent(bytes[start..(end + 1)]) };
            request.Content.Headers.ContentRange = new ContentRangeHeaderValue(start, end, bytes.Length);
            request.Headers.Add("Origin", "https://app.example.com");
            using var response = await _http.SendAsync(request);
            answers.Add((response.StatusCode, response.Headers.TryGetValues("Range", out var range) ? range.Single() : null));
            Assert.Equal("https://app.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        var asset = await ReadyAsync((await Client.GetUploadAsync(upload.Id, CancellationToken.None)).AssetId!);

        Assert.Equal([(HttpStatusCode)308, (HttpStatusCode)308, HttpStatusCode.OK], answers.Select(a => a.Status));
        Assert.Equal($"bytes=0-{chunk - 1}", answers[0].Range);
        Assert.Equal($"bytes=0-{(2 * chunk) - 1}", answers[1].Range);
        Assert.InRange(asset.Duration!.Value, 1.9, 2.2);
    }

    [Fact]
    public async Task A_file_that_is_not_media_errors_the_asset_and_a_cancelled_upload_takes_no_file()
    {
        var upload = await Client.CreateUploadAsync(new DirectUploadRequest { CorsOrigin = "*" }, CancellationToken.None);
        var cancelled = await Client.CreateUploadAsync(new DirectUploadRequest { CorsOrigin = "*" }, CancellationToken.None);
        await Client.CancelUploadAsync(cancelled.Id, CancellationToken.None);

        using var put = await _http.PutAsync(upload.Url, new StringContent("this is not a video"));
        using var refused = await _http.PutAsync(cancelled.Url, new StringContent("too late"));
        var asset = await Eventually.MatchAsync(
            async () => await Client.GetAssetAsync((await Client.GetUploadAsync(upload.Id, CancellationToken.None)).AssetId!, CancellationToken.None),
            a => a.Status != "preparing",
            Timeout,
            "the asset is processed");

        Assert.Equal("errored", asset.Status);
        Assert.Equal("invalid_input", asset.Errors!.Type);
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
    }

    [Fact]
    public async Task An_upload_not_used_within_its_timeout_times_out()
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await MuxEmulator.StartAsync(new MuxEmulatorOptions { Time = clock }, CancellationToken.None);
        var client = new MuxClient(_http, new MuxClientOptions { BaseAddress = emulator.BaseAddress, MaxRetries = 0 }, new MuxCredentials(emulator.Options.TokenId, emulator.Options.TokenSecret));
        var upload = await client.CreateUploadAsync(new DirectUploadRequest { CorsOrigin = "*", Timeout = 60 }, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(61));
        var timedOut = await client.GetUploadAsync(upload.Id, CancellationToken.None);
        using var put = await _http.PutAsync(upload.Url, new StringContent("late"));

        Assert.Equal("timed_out", timedOut.Status);
        Assert.Null(timedOut.Url);
        Assert.Equal(HttpStatusCode.Gone, put.StatusCode);
    }

    [Fact]
    public async Task A_url_asset_is_fetched_from_loopback_and_a_url_elsewhere_errors_with_the_reason()
    {
        var clip = await TestMedia.ClipAsync(_directory);
        var port = LoopbackPorts.Reserve();
        await using var server = RunningProcess.Start("python3", ["-m", "http.server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", _directory]);
        await Eventually.MatchAsync(async () => await Reachable($"http://127.0.0.1:{port}/clip.mp4"), ok => ok, Timeout, "the file server");

        var fetched = await Client.CreateAssetAsync(new AssetSettings { Input = [new AssetInput($"http://127.0.0.1:{port}/clip.mp4")], PlaybackPolicy = [PlaybackPolicy.Signed] }, CancellationToken.None);
        var elsewhere = await Client.CreateAssetAsync(new AssetSettings { Input = [new AssetInput("https://videos.example.com/talk.mp4")] }, CancellationToken.None);
        var ready = await ReadyAsync(fetched.Id);
        var errored = await Eventually.MatchAsync(() => Client.GetAssetAsync(elsewhere.Id, CancellationToken.None), a => a.Status != "preparing", Timeout, "the asset elsewhere");

        Assert.InRange(ready.Duration!.Value, 1.9, 2.2);
        Assert.Equal("signed", Assert.Single(ready.PlaybackIds!).Policy);
        Assert.Equal("errored", errored.Status);
        Assert.Contains("loopback", Assert.Single(errored.Errors!.Messages!), StringComparison.Ordinal);
    }

    private async Task<bool> Reachable(string url)
    {
        try
        {
            using var response = await _http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private Task<Asset> ReadyAsync(string assetId) =>
        Eventually.MatchAsync(() => Client.GetAssetAsync(assetId, CancellationToken.None), a => a.Status == "ready", Timeout, $"asset {assetId} ready");

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
