using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Webhook.Tests;

/// <summary>`POST /v1/playback-tokens` as apps in the cluster call it, with their service accounts' tokens.</summary>
public sealed class PlaybackTokenTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_caller_allowed_to_get_the_video_asset_gets_tokens_that_play_until_they_expire_and_others_are_refused()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        await sandbox.Kubectl.SucceedAsync("create", "serviceaccount", "player", "-n", ns);
        await sandbox.Kubectl.SucceedAsync("create", "serviceaccount", "stranger", "-n", ns);
        await sandbox.Kubectl.SucceedAsync("create", "role", "watch-intro", "-n", ns, "--verb=get", "--resource=videoassets.media.airwave.dev", "--resource-name=intro");
        await sandbox.Kubectl.SucceedAsync("create", "rolebinding", "player-watches-intro", "-n", ns, "--role=watch-intro", $"--serviceaccount={ns}:player");
        var player = (await sandbox.Kubectl.SucceedAsync("create", "token", "player", "-n", ns, "--audience=airwave-playback")).Trim();
        var stranger = (await sandbox.Kubectl.SucceedAsync("create", "token", "stranger", "-n", ns, "--audience=airwave-playback")).Trim();
        var forTheApiServer = (await sandbox.Kubectl.SucceedAsync("create", "token", "player", "-n", ns)).Trim();
        await sandbox.UploadIntroAsync(ns);

        await AssertProblemAsync(await AskAsync(null, new { @namespace = ns, name = "intro" }), HttpStatusCode.Unauthorized, "Authorization header");
        await AssertProblemAsync(await AskAsync("forged-token", new { @namespace = ns, name = "intro" }), HttpStatusCode.Unauthorized, "does not accept the bearer token");

        // A token the API server itself takes is no token for this service: the service never holds one it could replay.
        await AssertProblemAsync(await AskAsync(forTheApiServer, new { @namespace = ns, name = "intro" }), HttpStatusCode.Unauthorized, "--audience=");
        await AssertProblemAsync(await AskAsync(stranger, new { @namespace = ns, name = "intro" }), HttpStatusCode.Forbidden, $"system:serviceaccount:{ns}:stranger may not get videoassets/intro in namespace {ns}");
        await AssertProblemAsync(await AskAsync(player, new { @namespace = ns }), HttpStatusCode.BadRequest, "names no VideoAsset");
        await AssertProblemAsync(await AskAsync(player, new { kind = "Clip", @namespace = ns, name = "intro" }), HttpStatusCode.BadRequest, "tokens are minted for VideoAsset (the default) and LiveStream");
        await AssertProblemAsync(await AskAsync(player, new { kind = "LiveStream", @namespace = ns, name = "intro" }), HttpStatusCode.Forbidden, $"may not get livestreams/intro in namespace {ns}");
        await AssertProblemAsync(await AskAsync(player, new { @namespace = ns, name = "intro", expiresInSeconds = 0 }), HttpStatusCode.BadRequest, "expiresInSeconds");
        await AssertProblemAsync(await AskAsync(player, new { @namespace = ns, name = new string('x', 300 * 1024) }), HttpStatusCode.RequestEntityTooLarge, "larger than 262144 bytes");

        using var granted = await AskAsync(player, new { @namespace = ns, name = "intro", expiresInSeconds = 10, thumbnail = new { width = 120 } });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var answer = JsonNode.Parse(await granted.Content.ReadAsStringAsync())!;
        var playbackUrl = new Uri((string)answer["playbackUrl"]!);
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(playbackUrl));
        var thumbnail = await _http.GetByteArrayAsync(new Uri((string)answer["thumbnailUrl"]!));
        Assert.Equal(120, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(thumbnail.AsSpan(16, 4)));
        Assert.NotNull((string?)answer["tokens"]!["storyboard"]);

        // Short-lived: once expired, the same URL is refused.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((long)answer["expiresAt"]!);
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(playbackUrl));
    }

    private async Task<HttpResponseMessage> AskAsync(string? bearer, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.CallbackUrl, "/v1/playback-tokens"))
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await _http.SendAsync(request);
    }

    private async Task<HttpStatusCode> StatusOfAsync(Uri url)
    {
        using var response = await _http.GetAsync(url);
        return response.StatusCode;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(detail, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);
        }
    }
}
