using System.Text;
using System.Text.Json.Nodes;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>Private live playback: a Signed stream plays only to viewers an app backend got a playback token for, and its endpoint only to the distribution.</summary>
public sealed partial class LiveStreamMediaTests
{
    [Fact]
    public async Task A_signed_stream_plays_only_with_a_playback_token_and_its_keys_need_the_tokens_grant()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var (player, stranger) = await sandbox.PlaybackCallersAsync(ns, "premiere");
        var applied = await sandbox.Kubectl.RunWithInputAsync("""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: premiere }
            spec:
              state: Running
              live: true
              source: { type: RtmpPush, rtmpPush: { allowedCidrs: [127.0.0.1/32] } }
              archive: { enabled: false }
              playback: { policy: Signed, encryption: { keyRotationIntervalSeconds: 2 } }
            """, ["apply", "-n", ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var running = (await sandbox.WaitForAsync(ns, "livestream", "premiere", s => Phase(s) == "Running" && (string?)Condition(s, "Live")?["status"] == "True", "premiere Running and live"))!;
        var liveUrl = (string)running["status"]!["playback"]!["liveUrl"]!;
        var endpointUrl = (string)running["status"]!["playback"]!["url"]!;
        var secret = await sandbox.GetAsync(ns, "secret", "premiere-ingest");
        var push = TestMedia.PushRtmpAsync(Encoding.UTF8.GetString(Convert.FromBase64String(secret!["data"]!["primaryUrl"]!.GetValue<string>())), seconds: 20);

        using var http = new HttpClient();
        using var granted = await sandbox.AskPlaybackTokenAsync(http, player, ns, "premiere", expiresInSeconds: 300);
        var token = JsonNode.Parse(await granted.Content.ReadAsStringAsync())!;
        var playbackUrl = (string)token["playbackUrl"]!;
        var master = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri(playbackUrl));
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
            },
            text => text.Contains("#EXT-X-STREAM-INF", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the signed playlist lists the renditions");
        var played = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", playbackUrl], TimeSpan.FromSeconds(60));

        // What the token's playlists hand a player: renditions on the webhook service, segments signed on the
        // distribution, key URLs with the grant.
        var rendition = master.Split('\n').First(l => l.StartsWith("http", StringComparison.Ordinal));

        // Keys rotate every 2 s of media: the playlist names a new key URI where one begins, each with the grant.
        var playlist = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri(rendition));
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
            },
            text => EncryptedHls.KeyUris(text).Distinct().Count() >= 2,
            TimeSpan.FromSeconds(30),
            "the signed rendition names a second key");
        var segment = EncryptedHls.Segments(playlist)[0];
        using var segmentSigned = await http.GetAsync(new Uri(segment.Uri));
        using var segmentUnsigned = await http.GetAsync(new Uri(segment.Uri.Split('?')[0]));
        using var keyGranted = await http.GetAsync(new Uri(segment.KeyUri));
        using var keyWithoutGrant = await http.GetAsync(new Uri(segment.KeyUri.Split('?')[0]));
        using var keyOtherwiseGranted = await http.GetAsync(new Uri(segment.KeyUri.Split('?')[0] + "?" + ((string)token["keyQuery"]!).Replace("signature=", "signature=x", StringComparison.Ordinal)));

        using var unsigned = await http.GetAsync(new Uri(liveUrl));
        using var withCookies = new HttpRequestMessage(HttpMethod.Get, new Uri(liveUrl));
        withCookies.Headers.Add("Cookie", string.Join("; ", token["cookies"]!.AsObject().Select(c => $"{c.Key}={c.Value}")));
        using var cookieJarless = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var cookiePlayed = await cookieJarless.SendAsync(withCookies);
        using var tampered = await http.GetAsync(new Uri(playbackUrl.Replace("signature=", "signature=x", StringComparison.Ordinal)));
        using var refused = await sandbox.AskPlaybackTokenAsync(http, stranger, ns, "premiere");
        using var direct = await http.GetAsync(new Uri(endpointUrl));
        var encrypted = Condition(await sandbox.WaitForAsync(ns, "livestream", "premiere", s => (string?)Condition(s, "Encrypted")?["status"] == "True", "premiere's playback seen encrypted"), "Encrypted")!;
        var pushed = await push;

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        Assert.StartsWith(sandbox.Host.MuxCallbackUrl!.GetLeftPart(UriPartial.Authority) + $"/v1/live/{ns}/premiere/", playbackUrl, StringComparison.Ordinal);
        Assert.True(played.ExitCode == 0, played.ToString());
        Assert.Equal(["aac", "h264"], played.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order());
        Assert.Contains("Key-Pair-Id=", segment.Uri, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, segmentSigned.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, segmentUnsigned.StatusCode);
        Assert.Equal(16, (await keyGranted.Content.ReadAsByteArrayAsync()).Length);
        Assert.Contains(".signed/", segment.KeyUri, StringComparison.Ordinal);
        Assert.All(EncryptedHls.KeyUris(playlist), uri => Assert.Contains("?expires=", uri, StringComparison.Ordinal));
        Assert.Equal(EncryptedHls.KeyUris(playlist).Count, EncryptedHls.KeyUris(playlist).Distinct().Count());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, keyWithoutGrant.StatusCode);
        Assert.Contains("playback is signed", await keyWithoutGrant.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, keyOtherwiseGranted.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, cookiePlayed.StatusCode);
        Assert.StartsWith("#EXTM3U", await cookiePlayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("key group", (string?)Condition(running, "Live")!["message"], StringComparison.Ordinal);

        // The MediaPackage endpoint plays to the distribution alone (CDN authorization); the operator still sees it encrypted.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Equal("KeysServed", (string?)encrypted["reason"]);
    }
}
