using Airwave.Mux.Video;

namespace Airwave.Mux.Tests;

/// <summary>A ready asset in the emulator, made as an app makes one: a direct upload of the test clip.</summary>
internal static class ReadyAssets
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The playback id of a new ready asset with one playback id of the policy.</summary>
    public static async Task<string> PlaybackIdAsync(MuxClient client, HttpClient http, string directory, string policy) =>
        Assert.Single((await AssetAsync(client, http, directory, policy)).PlaybackIds!).Id;

    /// <summary>A new ready asset with one playback id of the policy.</summary>
    public static async Task<Asset> AssetAsync(MuxClient client, HttpClient http, string directory, string policy)
    {
        var clip = await TestMedia.ClipAsync(directory);
        var upload = await client.CreateUploadAsync(new DirectUploadRequest { CorsOrigin = "*", NewAssetSettings = new AssetSettings { PlaybackPolicy = [policy] } }, CancellationToken.None);
        using (var put = await http.PutAsync(upload.Url, new ByteArrayContent(await File.ReadAllBytesAsync(clip))))
        {
            put.EnsureSuccessStatusCode();
        }

        var assetId = (await client.GetUploadAsync(upload.Id, CancellationToken.None)).AssetId!;
        return await Eventually.MatchAsync(() => client.GetAssetAsync(assetId, CancellationToken.None), a => a.Status == "ready", Timeout, "the asset is ready");
    }
}
