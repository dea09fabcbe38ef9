using Airwave.Operator.LiveStreams.Encryption;
using Airwave.Sandbox.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// What the Encrypted condition reads: an origin's playlist as a player reads it, through a master playlist to its
/// first rendition, and whether that names a key.
/// </summary>
public sealed class OriginPlaylistsTests : IAsyncLifetime, IDisposable
{
    private const string Master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nindex_1.m3u8\n";
    private WebApplication _origin = null!;
    private Uri _base = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var port = LoopbackPorts.Reserve();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _origin = builder.Build();
        _origin.MapGet("/keyed/index.m3u8", () => Master);
        _origin.MapGet("/keyed/index_1.m3u8", () => "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example.com/v1/keys/a,b/1\",IV=0x07\n#EXTINF:6.000,\nindex_1_7.ts\n");
        _origin.MapGet("/clear/index.m3u8", () => Master);
        _origin.MapGet("/clear/index_1.m3u8", () => "#EXTM3U\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:6.000,\nindex_1_7.ts\n");
        _origin.MapGet("/media-only/index.m3u8", () => "#EXTM3U\n#EXT-X-KEY:IV=0x01,URI=\"../keys/9\",METHOD=AES-128\n#EXTINF:6.000,\na.ts\n");
        _origin.MapGet("/missing-rendition/index.m3u8", () => Master);
        _origin.MapGet("/huge/index.m3u8", (HttpContext context) =>
        {
            context.Response.ContentLength = OriginPlaylists.MaxPlaylistBytes + 1L;
            return context.Response.Body.WriteAsync(new byte[OriginPlaylists.MaxPlaylistBytes + 1]).AsTask();
        });
        await _origin.StartAsync();
        _base = new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync() => await _origin.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_master_playlists_first_rendition_is_read_for_its_key_tag()
    {
        var playlists = new OriginPlaylists(_http);

        var keyed = await playlists.ReadAsync(new Uri(_base, "keyed/index.m3u8"), null, CancellationToken.None);
        var clear = await playlists.ReadAsync(new Uri(_base, "clear/index.m3u8"), null, CancellationToken.None);
        var mediaOnly = await playlists.ReadAsync(new Uri(_base, "media-only/index.m3u8"), null, CancellationToken.None);
        var missingRendition = await playlists.ReadAsync(new Uri(_base, "missing-rendition/index.m3u8"), null, CancellationToken.None);
        var nothing = await playlists.ReadAsync(new Uri(_base, "nothing/index.m3u8"), null, CancellationToken.None);
        var huge = await playlists.ReadAsync(new Uri(_base, "huge/index.m3u8"), null, CancellationToken.None);

        Assert.Equal(new PlaylistEncryption.Keyed("AES-128", new Uri("https://keys.example.com/v1/keys/a,b/1")), keyed);
        Assert.IsType<PlaylistEncryption.Clear>(clear);
        Assert.Equal(new PlaylistEncryption.Keyed("AES-128", new Uri(_base, "keys/9")), mediaOnly);
        Assert.Equal(new PlaylistEncryption.NotServing("HTTP 404"), missingRendition);
        Assert.Equal(new PlaylistEncryption.NotServing("HTTP 404"), nothing);
        Assert.Equal(new PlaylistEncryption.NotServing($"a playlist larger than {OriginPlaylists.MaxPlaylistBytes} bytes"), huge);
    }
}
