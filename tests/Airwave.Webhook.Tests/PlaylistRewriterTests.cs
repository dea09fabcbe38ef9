using Airwave.Webhook.UploadPlayback;

namespace Airwave.Webhook.Tests;

public sealed class PlaylistRewriterTests
{
    [Fact]
    public void Relative_uris_of_segments_and_tags_become_links_to_their_keys_and_the_rest_is_kept()
    {
        const string Playlist = "#EXTM3U\r\n#EXT-X-VERSION:7\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example.com/k1\"\r\n#EXTINF:2.0,\r\nsegment0.m4s\r\n#EXTINF:2.0,\r\nhigh/../segment1.m4s?part=1\r\n\r\n";

        var rewritten = PlaylistRewriter.Rewrite(Playlist, "ns/phone/1700000000/index.m3u8", key => key.EndsWith("segment1.m4s", StringComparison.Ordinal) ? null : $"https://signed/{key}");

        Assert.Equal(
            [
                "#EXTM3U",
                "#EXT-X-VERSION:7",
                "#EXT-X-MAP:URI=\"https://signed/ns/phone/1700000000/init.mp4\"",
                "#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example.com/k1\"",
                "#EXTINF:2.0,",
                "https://signed/ns/phone/1700000000/segment0.m4s",
                "#EXTINF:2.0,",
                "high/../segment1.m4s?part=1",
                "",
                "",
            ],
            rewritten.Split('\n'));
    }

    [Fact]
    public void Absolute_uris_are_given_to_the_absolute_link_which_may_keep_them()
    {
        const string Playlist = "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"https://hooks.example.com/v1/keys/e.signed/k1\"\n#EXTINF:2.0,\nhttps://cdn.example.com/s0.ts\n";

        var rewritten = PlaylistRewriter.Rewrite(Playlist, "out/v1/e/index_1.m3u8", key => $"https://signed/{key}", uri => uri.Host == "hooks.example.com" ? $"{uri.AbsoluteUri}?expires=1&signature=s" : null);

        Assert.Equal(
            ["#EXTM3U", "#EXT-X-KEY:METHOD=AES-128,URI=\"https://hooks.example.com/v1/keys/e.signed/k1?expires=1&signature=s\"", "#EXTINF:2.0,", "https://cdn.example.com/s0.ts", ""],
            rewritten.Split('\n'));
    }

    [Fact]
    public void A_variant_playlist_in_a_subfolder_resolves_against_the_playlists_own_folder()
    {
        var named = new List<string>();

        PlaylistRewriter.Rewrite("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n720p/index.m3u8\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"../audio/en.m3u8\"\n", "ns/phone/1/master/index.m3u8", key =>
        {
            named.Add(key);
            return null;
        });

        Assert.Equal(["ns/phone/1/master/720p/index.m3u8", "ns/phone/1/audio/en.m3u8"], named);
    }
}
