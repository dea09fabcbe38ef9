using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Mux.Video;

namespace Airwave.Mux.Tests;

/// <summary>
/// Playing an asset from the emulator as from stream.mux.com and image.mux.com: real HLS that ffprobe reads, real
/// thumbnails, and signed playback ids that answer only tokens Mux's own SDK signs with the account's key.
/// </summary>
public sealed class PlaybackTests(MuxEmulatorFixture mux) : IClassFixture<MuxEmulatorFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-mux-playback-").FullName;
    private readonly HttpClient _http = new();

    private MuxClient Client => new(_http, new MuxClientOptions { BaseAddress = mux.Emulator.BaseAddress, MaxRetries = 0 }, mux.Credentials);

    [Fact]
    public async Task A_public_playback_id_plays_an_hls_ladder_that_ffprobe_reads_and_serves_thumbnails_of_the_width_asked_for()
    {
        var playbackId = await ReadyPlaybackIdAsync(PlaybackPolicy.Public);

        var master = await _http.GetStringAsync($"{mux.Emulator.BaseAddress}stream/{playbackId}.m3u8");
        var probe = await ProbeAsync($"{mux.Emulator.BaseAddress}stream/{playbackId}.m3u8");
        using var thumbnail = await _http.GetAsync($"{mux.Emulator.BaseAddress}image/{playbackId}/thumbnail.png?width=214&time=1");

        Assert.InRange(double.Parse((string)probe["format"]!["duration"]!, System.Globalization.CultureInfo.InvariantCulture), 1.5, 2.5);
        // A ladder no taller than the 360p source, each rendition's bandwidth and size in the multivariant playlist.
        var variants = master.Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, variants.Count);
        Assert.Contains("RESOLUTION=640x360", variants[0], StringComparison.Ordinal);
        Assert.Contains("RESOLUTION=426x240", variants[1], StringComparison.Ordinal);
        var videos = probe["streams"]!.AsArray().Where(s => (string?)s!["codec_type"] == "video").Select(v => ((int)v!["width"]!, (int)v["height"]!)).Distinct().Order();
        Assert.Equal([(426, 240), (640, 360)], videos);
        Assert.Equal("image/png", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.Equal(214, PngWidth(await thumbnail.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_signed_playback_id_answers_403_without_a_token_and_plays_with_one_the_sdk_signed_until_it_expires()
    {
        var key = await Client.CreateSigningKeyAsync(CancellationToken.None);
        var playbackId = await ReadyPlaybackIdAsync(PlaybackPolicy.Signed);
        var signing = await ProcessRunner.RunAsync("node", [Repository.Path("tests", "mux-node", "sign-playback.mjs"), playbackId, key.Id, key.PrivateKey!], TimeSpan.FromSeconds(30));
        Assert.True(signing.ExitCode == 0, signing.ToString());
        var tokens = JsonNode.Parse(signing.StandardOutput)!;
        var stream = $"{mux.Emulator.BaseAddress}stream/{playbackId}.m3u8";
        var image = $"{mux.Emulator.BaseAddress}image/{playbackId}/thumbnail.png";

        // The short-lived token first, while it is fresh even on a loaded machine; then again once its exp passed.
        var shortLived = await StatusAsync($"{stream}?token={tokens["shortLived"]}");
        var withoutToken = await StatusAsync(stream);
        var probe = await ProbeAsync($"{stream}?token={tokens["video"]}");
        using var thumbnail = await _http.GetAsync($"{image}?token={tokens["thumbnail"]}");
        var videoTokenForImage = await StatusAsync($"{image}?token={tokens["video"]}");
        var expiry = DateTimeOffset.FromUnixTimeSeconds((long)JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(((string)tokens["shortLived"]!).Split('.')[1]))!["exp"]!);
        var wait = expiry - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        var expired = await StatusAsync($"{stream}?token={tokens["shortLived"]}");

        Assert.Equal(HttpStatusCode.Forbidden, withoutToken);
        Assert.InRange(double.Parse((string)probe["format"]!["duration"]!, System.Globalization.CultureInfo.InvariantCulture), 1.5, 2.5);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal(100, PngWidth(await thumbnail.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, videoTokenForImage);
        Assert.Equal(HttpStatusCode.OK, shortLived);
        Assert.Equal(HttpStatusCode.Forbidden, expired);
    }

    private Task<string> ReadyPlaybackIdAsync(string policy) => ReadyAssets.PlaybackIdAsync(Client, _http, _directory, policy);

    private static async Task<JsonNode> ProbeAsync(string url)
    {
        var result = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", url], Timeout);
        Assert.True(result.ExitCode == 0, $"ffprobe could not play {url}: {result}");
        return JsonNode.Parse(result.StandardOutput)!;
    }

    private async Task<HttpStatusCode> StatusAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        return response.StatusCode;
    }

    /// <summary>The width in a PNG's IHDR chunk, after its 8-byte signature and the chunk's length and type.</summary>
    private static int PngWidth(byte[] png)
    {
        Assert.True(png.AsSpan(1, 3).SequenceEqual("PNG"u8), "a PNG");
        return BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
