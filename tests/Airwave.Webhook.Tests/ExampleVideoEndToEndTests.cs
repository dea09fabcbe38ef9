using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Mux;

namespace Airwave.Webhook.Tests;

/// <summary>
/// The example VideoAsset from apply to delete, as a user and an app meet it: a real MP4 uploaded with curl, Mux's
/// callback moving it (the operator's own poll would come ten minutes later), signed playback that plays with a minted
/// token until the token expires, and the Mux asset gone with the VideoAsset.
/// </summary>
public sealed class ExampleVideoEndToEndTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task The_example_uploads_becomes_ready_by_callback_plays_signed_until_the_token_expires_and_is_deleted_at_mux()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        await sandbox.Kubectl.SucceedAsync("create", "serviceaccount", "site", "-n", ns);
        await sandbox.Kubectl.SucceedAsync("create", "role", "play-intro", "-n", ns, "--verb=get", "--resource=videoassets.media.airwave.dev", "--resource-name=intro");
        await sandbox.Kubectl.SucceedAsync("create", "rolebinding", "site-plays-intro", "-n", ns, "--role=play-intro", $"--serviceaccount={ns}:site");

        var uploadUrl = await Eventually.MatchAsync(
            () => sandbox.Kubectl.SucceedAsync("get", "videoasset", "intro", "-n", ns, "-o", "jsonpath={.status.uploadUrl}"), url => url.Length > 0, CallbackSandbox.Timeout, "an upload URL");
        var clip = await TestMedia.ClipAsync(sandbox.Directory);
        var curl = await ProcessRunner.RunAsync("curl", ["--silent", "--show-error", "--fail", "-T", clip, uploadUrl], TimeSpan.FromSeconds(60));
        Assert.True(curl.ExitCode == 0, curl.ToString());

        var ready = await Eventually.MatchAsync(
            async () => JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "videoasset", "intro", "-n", ns, "-o", "json"))!,
            a => (string?)a["status"]?["phase"] == "Ready",
            CallbackSandbox.Timeout,
            "intro Ready, brought by Mux's callback");
        Assert.StartsWith("video.", (string?)ready["metadata"]!["annotations"]!["media.airwave.dev/provider-event"], StringComparison.Ordinal);
        var status = ready["status"]!;
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(new Uri((string)status["playbackUrl"]!)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(new Uri((string)status["thumbnailUrl"]!)));

        var minted = await MintAsync(ns, (await sandbox.Kubectl.SucceedAsync("create", "token", "site", "-n", ns, "--audience=airwave-playback")).Trim());
        var playbackUrl = (string)minted["playbackUrl"]!;
        var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", playbackUrl], TimeSpan.FromSeconds(60));
        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.InRange(double.Parse(probe.StandardOutput.Trim(), CultureInfo.InvariantCulture), 1.5, 2.5);
        var thumbnail = await _http.GetByteArrayAsync(new Uri((string)minted["thumbnailUrl"]!));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], thumbnail[..4]);
        Assert.Equal(214, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(thumbnail.AsSpan(16, 4)));

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((long)minted["expiresAt"]!);
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(new Uri(playbackUrl)));

        var assetId = (string)status["assetId"]!;
        await sandbox.Kubectl.SucceedAsync("delete", "videoasset", "intro", "-n", ns, "--timeout=60s");
        var mux = new MuxClient(_http, new MuxClientOptions { BaseAddress = sandbox.Host.Mux!.BaseAddress }, new MuxCredentials(sandbox.Host.Mux.Options.TokenId, sandbox.Host.Mux.Options.TokenSecret));
        var gone = await Assert.ThrowsAsync<MuxApiException>(() => mux.GetAssetAsync(assetId, CancellationToken.None));
        Assert.True(gone.IsNotFound, gone.Message);
    }

    private async Task<JsonNode> MintAsync(string ns, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.CallbackUrl, "/v1/playback-tokens"))
        {
            Content = new StringContent($$$"""{"namespace":"{{{ns}}}","name":"intro","expiresInSeconds":15,"thumbnail":{"width":214}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private async Task<HttpStatusCode> StatusOfAsync(Uri url)
    {
        using var response = await _http.GetAsync(url);
        return response.StatusCode;
    }
}
