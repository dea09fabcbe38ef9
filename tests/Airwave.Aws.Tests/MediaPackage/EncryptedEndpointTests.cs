using System.Globalization;
using Airwave.Aws.MediaPackage;
using Airwave.Aws.Tests.Support;

namespace Airwave.Aws.Tests.MediaPackage;

/// <summary>
/// An origin endpoint with HLS encryption, as a player sees it: its segments are AES-128 encrypted with keys the
/// endpoint asked its SPEKE key provider for, a new key every keyRotationIntervalSeconds, each named in the media
/// playlist; without a key from the provider it serves nothing, never the segments in the clear.
/// </summary>
public sealed class EncryptedEndpointTests : IAsyncLifetime, IDisposable
{
    private const string GatewayHeader = "X-Test-Gateway";
    private const string RoleArn = "arn:aws:iam::123456789012:role/speke";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-encrypted-endpoint-");
    private readonly HttpClient _http = new();
    private EmulatorHarness _aws = null!;
    private TestKeyProvider _keys = null!;

    public async Task InitializeAsync()
    {
        _keys = await TestKeyProvider.StartAsync();
        _aws = await EmulatorHarness.StartAsync(runMedia: true, spekeGatewayHeaders: new Dictionary<string, string> { [GatewayHeader] = "passed" });
    }

    public async Task DisposeAsync()
    {
        await _aws.DisposeAsync();
        await _keys.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task Segments_are_encrypted_with_a_key_per_rotation_period_that_the_playlist_names()
    {
        var (endpoint, ingest) = await CreateAsync("rotating", rotationSeconds: 2);
        var hls = _work.CreateSubdirectory("rotating").FullName;
        await HlsIngestPush.MakeAsync(hls, seconds: 6);
        Assert.All(await HlsIngestPush.PushAsync(hls, ingest), status => Assert.Equal("201", status));

        var playlist = await _http.GetStringAsync(new Uri(endpoint.Url));
        var tags = EncryptedHls.KeyUris(playlist).ToList();
        var segments = EncryptedHls.Segments(playlist);
        var first = segments[0];
        var raw = await _http.GetByteArrayAsync(new Uri(new Uri(endpoint.Url), first.Uri));
        var encryptedFile = Path.Combine(_work.FullName, "encrypted.ts");
        await File.WriteAllBytesAsync(encryptedFile, raw);
        var clearFile = Path.Combine(_work.FullName, "decrypted.ts");
        await File.WriteAllBytesAsync(clearFile, EncryptedHls.Decrypt(raw, _keys.KeyOf(KeyIdOf(first.KeyUri)), first.Sequence));
        var withoutKey = await ProbeAsync(encryptedFile);
        var withKey = await ProbeAsync(clearFile);
        var played = await ProbeAsync(endpoint.Url);

        // A key per period of two seconds of the six: three or four, each asked for once, each named once where it starts.
        Assert.InRange(tags.Count, 3, 4);
        Assert.Equal(tags.Count, tags.Distinct().Count());
        Assert.All(tags, uri => Assert.StartsWith(new Uri(_keys.Url, "/keys/").ToString(), uri, StringComparison.Ordinal));
        var requests = _keys.Requests.ToList();
        Assert.Equal(tags.Count, requests.Count);
        Assert.All(requests, r => Assert.Equal("passed", r.Headers.GetValueOrDefault(GatewayHeader)));
        Assert.All(requests, r => Assert.Equal("rotating", (string?)r.Document.Root!.Attribute("id")));
        Assert.All(requests, r => Assert.Equal(Cpix.HlsAes128SystemId, (string?)r.Document.Descendants(Cpix.Namespace + "DRMSystem").Single().Attribute("systemId")));
        var periods = requests.Select(r => long.Parse((string)r.Document.Descendants(Cpix.Namespace + "ContentKeyPeriod").Single().Attribute("index")!, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, periods.Count).Select(i => periods[0] + i), periods);

        // Encrypted, a segment is no video; decrypted with its key, it is; players with the keys play it all.
        Assert.False(withoutKey.ExitCode == 0 && withoutKey.StandardOutput.Contains("h264", StringComparison.Ordinal), withoutKey.ToString());
        Assert.True(withKey.ExitCode == 0, withKey.ToString());
        Assert.Contains("h264", withKey.StandardOutput, StringComparison.Ordinal);
        Assert.True(played.ExitCode == 0, played.ToString());
        Assert.Equal(["aac", "h264"], played.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order());
    }

    [Fact]
    public async Task An_endpoint_that_never_got_a_key_serves_nothing_until_its_key_provider_answers()
    {
        _keys.Down = true;
        var (endpoint, ingest) = await CreateAsync("closed", rotationSeconds: 0);
        var hls = _work.CreateSubdirectory("closed").FullName;
        await HlsIngestPush.MakeAsync(hls, seconds: 3);
        Assert.All(await HlsIngestPush.PushAsync(hls, ingest), status => Assert.Equal("201", status));

        using var playlistWhileDown = await _http.GetAsync(new Uri(endpoint.Url));
        using var segmentWhileDown = await _http.GetAsync(new Uri(new Uri(endpoint.Url), "channel_0.ts"));
        var asked = _keys.Requests.Count;
        _keys.Down = false;
        var playlist = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await _http.GetAsync(new Uri(endpoint.Url));
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
            },
            text => text.StartsWith("#EXTM3U", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20),
            "the playlist once the key provider answers");

        Assert.Equal(404, (int)playlistWhileDown.StatusCode);
        Assert.Equal(404, (int)segmentWhileDown.StatusCode);
        Assert.True(asked >= 1, "the key provider was asked while it was down");
        Assert.Single(EncryptedHls.KeyUris(playlist));
    }

    [Fact]
    public async Task An_endpoint_whose_key_provider_stops_answering_keeps_encrypting_with_its_last_key()
    {
        var (endpoint, ingest) = await CreateAsync("kept", rotationSeconds: 2);
        var hls = _work.CreateSubdirectory("kept").FullName;
        await HlsIngestPush.MakeAsync(hls, seconds: 3);
        Assert.All(await HlsIngestPush.PushAsync(hls, ingest), status => Assert.Equal("201", status));
        var before = EncryptedHls.KeyUris(await _http.GetStringAsync(new Uri(endpoint.Url)));

        // The provider goes down; the same segments arrive again later, so that they fall in periods not yet keyed.
        _keys.Down = true;
        var askedBefore = _keys.Requests.Count;
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.All(await HlsIngestPush.PushAsync(hls, ingest), status => Assert.Matches("^20[14]$", status));
        var after = await _http.GetStringAsync(new Uri(endpoint.Url));
        var afterTags = EncryptedHls.KeyUris(after);

        Assert.True(_keys.Requests.Count > askedBefore, "the endpoint asked for the new periods' keys");
        Assert.NotEmpty(afterTags);
        Assert.All(afterTags, uri => Assert.Equal(before[^1], uri));
        Assert.StartsWith("#EXT-X-KEY", after.Split('\n').First(l => l.StartsWith("#EXT-X-KEY", StringComparison.Ordinal) || l.StartsWith("#EXTINF", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sample_aes_endpoint_encrypts_only_the_samples_and_plays_for_a_player_with_the_FairPlay_key()
    {
        var (endpoint, ingest) = await CreateAsync("fairplay", rotationSeconds: 0, "SAMPLE_AES", TestKeyProvider.FairPlaySystemId);
        var hls = _work.CreateSubdirectory("fairplay").FullName;
        await HlsIngestPush.MakeAsync(hls, seconds: 3);
        Assert.All(await HlsIngestPush.PushAsync(hls, ingest), status => Assert.Equal("201", status));

        var playlist = await _http.GetStringAsync(new Uri(endpoint.Url));
        var tag = Assert.Single(playlist.Split('\n'), line => line.StartsWith("#EXT-X-KEY:", StringComparison.Ordinal));
        var skd = Assert.Single(EncryptedHls.KeyUris(playlist));
        var kid = Guid.Parse(skd["skd://".Length..]);

        // A FairPlay player trades the skd:// URI for the key at its license server; here the test's key provider is
        // that server, named in a copy of the playlist that ffmpeg plays to its end. (The provider gives an IV, as
        // FairPlay's do: ffmpeg decrypts a packet with the IV of the segment it is reading, which its read-ahead makes
        // the next one's at a boundary, so IVs made from sequence numbers would fail there on ffmpeg's side.)
        var withKey = Path.Combine(_work.FullName, "fairplay.m3u8");
        await File.WriteAllTextAsync(withKey, string.Join('\n', playlist.Split('\n').Select(line =>
            line.StartsWith("#EXT-X-KEY:", StringComparison.Ordinal) ? line.Replace(skd, new Uri(_keys.Url, "/keys/" + kid).ToString(), StringComparison.Ordinal)
            : line.Length > 0 && !line.StartsWith('#') ? new Uri(new Uri(endpoint.Url), line).ToString()
            : line)) + "\n#EXT-X-ENDLIST\n");
        var played = await FramesAsync(withKey, "-protocol_whitelist", "file,http,tcp,crypto");
        var source = await FramesAsync(Path.Combine(hls, "channel.m3u8"));
        var segment = await _http.GetByteArrayAsync(new Uri(new Uri(endpoint.Url), "channel_0.ts"));
        var encryptedFile = Path.Combine(_work.FullName, "fairplay-segment.ts");
        await File.WriteAllBytesAsync(encryptedFile, segment);
        var withoutKey = await FramesAsync(encryptedFile);
        var clearSegment = await FramesAsync(Path.Combine(hls, "channel_0.ts"));
        var types = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,codec_tag", "-of", "csv=p=0", encryptedFile], TimeSpan.FromSeconds(60));

        Assert.Matches("^#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://[0-9a-f-]{36}\",IV=0x[0-9A-F]{32},KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"$", tag);
        Assert.Contains("#EXT-X-VERSION:5", playlist, StringComparison.Ordinal);
        Assert.Equal(TestKeyProvider.FairPlaySystemId, (string?)_keys.Requests.Last().Document.Descendants(Cpix.Namespace + "DRMSystem").Single().Attribute("systemId"));

        // The segment stays a transport stream whose streams are named as sample-encrypted: video by type 0xdb, audio
        // by its 'apad' registration (0x64617061) carrying the setup a player needs; its pictures and sound are not
        // the source's until decrypted, and then every frame is.
        Assert.True(types.ExitCode == 0, types.ToString());
        Assert.Equal(["aac,0x64617061", "h264,0x00db"], types.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order());
        Assert.True(clearSegment.ExitCode == 0 && clearSegment.Video.Count > 0 && clearSegment.Audio.Count > 0, clearSegment.Errors);
        Assert.True(withoutKey.ExitCode != 0 || (!withoutKey.Video.SequenceEqual(clearSegment.Video) && !withoutKey.Audio.SequenceEqual(clearSegment.Audio)), "the segment decoded to the source's frames without the key");
        Assert.True(source.ExitCode == 0 && source.Video.Count > 0, source.Errors);
        Assert.True(played.ExitCode == 0 && played.Errors.Length == 0, played.Errors);
        Assert.Equal(source.Video, played.Video);
        Assert.Equal(source.Audio, played.Audio);
    }

    /// <summary>
    /// The MD5 of every decoded video frame and audio frame of the input's first two seconds, in order, ffmpeg's exit
    /// code and the errors it printed. Two of the three seconds: ffmpeg decrypts a sample-encrypted packet only while a segment is
    /// current, so the frames its parser still holds when a playlist ends reach the decoder undecrypted.
    /// </summary>
    private static async Task<Frames> FramesAsync(string input, params string[] inputOptions)
    {
        var decoded = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", .. inputOptions, "-i", input, "-t", "2", "-f", "framemd5", "-"], TimeSpan.FromSeconds(60));
        var frames = decoded.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Select(l => l.Split(',', StringSplitOptions.TrimEntries)).ToList();
        return new Frames(decoded.ExitCode, [.. frames.Where(f => f[0] == "0").Select(f => f[^1])], [.. frames.Where(f => f[0] == "1").Select(f => f[^1])], decoded.StandardError.Trim());
    }

    private sealed record Frames(int ExitCode, IReadOnlyList<string> Video, IReadOnlyList<string> Audio, string Errors);

    private async Task<(OriginEndpoint Endpoint, IngestEndpoint Ingest)> CreateAsync(string id, int rotationSeconds, string method = "AES_128", string systemId = Cpix.HlsAes128SystemId)
    {
        var channel = await _aws.MediaPackage.CreateChannelAsync(new CreateChannelRequest(id), CancellationToken.None);
        var encryption = new HlsEncryption(new SpekeKeyProvider(id, RoleArn, [systemId], _keys.Url.ToString()), method, rotationSeconds);
        var endpoint = await _aws.MediaPackage.CreateOriginEndpointAsync(
            new CreateOriginEndpointRequest(id, id + "-hls", new HlsPackage(SegmentDurationSeconds: 1, PlaylistWindowSeconds: 60, Encryption: encryption)),
            CancellationToken.None);
        return (endpoint, channel.HlsIngest!.IngestEndpoints![0]);
    }

    private static Task<ProcessResult> ProbeAsync(string input) =>
        ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", input], TimeSpan.FromSeconds(60));

    private static Guid KeyIdOf(string keyUri) => Guid.Parse(keyUri[(keyUri.LastIndexOf('/') + 1)..]);
}
