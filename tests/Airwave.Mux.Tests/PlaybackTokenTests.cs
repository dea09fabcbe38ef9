using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Mux.Playback;
using Airwave.Mux.Video;

namespace Airwave.Mux.Tests;

/// <summary>Tokens the operator mints for signed playback ids play where Mux's own SDK's do, and carry the same claims.</summary>
public sealed class PlaybackTokenTests(MuxEmulatorFixture mux) : IClassFixture<MuxEmulatorFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-mux-tokens-").FullName;
    private readonly HttpClient _http = new();

    private MuxClient Client => new(_http, new MuxClientOptions { BaseAddress = mux.Emulator.BaseAddress, MaxRetries = 0 }, mux.Credentials);

    private MuxUrls Urls => new()
    {
        PlaybackTemplate = $"{mux.Emulator.BaseAddress}stream/{{playback_id}}.m3u8",
        ThumbnailTemplate = $"{mux.Emulator.BaseAddress}image/{{playback_id}}/thumbnail.png",
    };

    [Fact]
    public async Task Minted_tokens_play_a_signed_playback_id_only_for_their_id_audience_and_time()
    {
        var key = await Client.CreateSigningKeyAsync(CancellationToken.None);
        var playbackId = await ReadyAssets.PlaybackIdAsync(Client, _http, _directory, PlaybackPolicy.Signed);
        using var signer = new PlaybackTokenSigner(key.Id, key.PrivateKey!);
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1);

        var video = await StatusAsync(Urls.Playback(playbackId, signer.Sign(playbackId, PlaybackAudience.Video, inAnHour)));
        using var thumbnail = await _http.GetAsync(Urls.Thumbnail(playbackId, token: signer.Sign(playbackId, PlaybackAudience.Thumbnail, inAnHour, new Dictionary<string, string> { ["width"] = "120", ["time"] = "1" })));
        var expired = await StatusAsync(Urls.Playback(playbackId, signer.Sign(playbackId, PlaybackAudience.Video, DateTimeOffset.UtcNow.AddMinutes(-1))));
        var otherId = await StatusAsync(Urls.Playback(playbackId, signer.Sign("another-playback-id", PlaybackAudience.Video, inAnHour)));
        var thumbnailForVideo = await StatusAsync(Urls.Playback(playbackId, signer.Sign(playbackId, PlaybackAudience.Thumbnail, inAnHour)));

        Assert.Equal(HttpStatusCode.OK, video);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        var png = await thumbnail.Content.ReadAsByteArrayAsync();
        Assert.Equal(120, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(HttpStatusCode.Forbidden, expired);
        Assert.Equal(HttpStatusCode.Forbidden, otherId);
        Assert.Equal(HttpStatusCode.Forbidden, thumbnailForVideo);
    }

    [Fact]
    public async Task A_minted_token_has_the_header_and_claims_of_the_sdks_token_for_the_same_key_and_parameters()
    {
        var key = await Client.CreateSigningKeyAsync(CancellationToken.None);
        var signing = await ProcessRunner.RunAsync("node", [Repository.Path("tests", "mux-node", "sign-playback.mjs"), "some-playback-id", key.Id, key.PrivateKey!], TimeSpan.FromSeconds(30));
        Assert.True(signing.ExitCode == 0, signing.ToString());
        var sdk = (string)JsonNode.Parse(signing.StandardOutput)!["thumbnail"]!;
        using var signer = new PlaybackTokenSigner(key.Id, key.PrivateKey!);

        var ours = signer.Sign("some-playback-id", PlaybackAudience.Thumbnail, DateTimeOffset.UtcNow.AddHours(1), new Dictionary<string, string> { ["width"] = "100", ["time"] = "1" });

        Assert.True(JsonNode.DeepEquals(Part(sdk, 0), Part(ours, 0)), $"headers differ: {Part(sdk, 0)} and {Part(ours, 0)}");
        var (theirs, mine) = (Part(sdk, 1).AsObject(), Part(ours, 1).AsObject());
        Assert.Equal(theirs.Select(c => c.Key).Order(), mine.Select(c => c.Key).Order());
        Assert.All(theirs.Where(c => c.Key != "exp"), claim => Assert.True(JsonNode.DeepEquals(claim.Value, mine[claim.Key]), $"claim {claim.Key}: {claim.Value} and {mine[claim.Key]}"));
    }

    [Fact]
    public void Urls_follow_the_templates_and_a_signed_thumbnail_carries_its_parameters_in_the_token_only()
    {
        var urls = new MuxUrls();

        Assert.Equal("https://stream.mux.com/abc.m3u8", urls.Playback("abc").ToString());
        Assert.Equal("https://image.mux.com/abc/thumbnail.png?width=214&time=2.5", urls.Thumbnail("abc", width: 214, time: 2.5).ToString());
        Assert.Equal("https://image.mux.com/abc/thumbnail.png?token=t.k.n", urls.Thumbnail("abc", width: 214, token: "t.k.n").ToString());
        var wrong = Assert.Throws<ArgumentException>(() => (urls with { PlaybackTemplate = "https://cdn.example.com/video.m3u8" }).Validate());
        Assert.Contains("{playback_id}", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PlaybackTokenSigner("kid", "bm90IGEga2V5"));
    }

    private static JsonNode Part(string token, int index) => JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[index]))!;

    private async Task<HttpStatusCode> StatusAsync(Uri url)
    {
        using var response = await _http.GetAsync(url);
        return response.StatusCode;
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
