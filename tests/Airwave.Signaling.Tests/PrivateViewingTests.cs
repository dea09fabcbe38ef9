using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Hosting.Tokens;
using Airwave.Sfu.Configuration;
using Airwave.Testing.Sfu;

namespace Airwave.Signaling.Tests;

/// <summary>
/// A private WebRtc stream's viewers through the signaling service: each WHEP session takes a viewer token of that
/// stream (as the webhook service issues them to apps), once, before it expires; without one the stream's pod opens
/// no session.
/// </summary>
public sealed class PrivateViewingTests : IAsyncLifetime
{
    private const string PublishKey = "publish-key-for-private-viewing";
    private const string SharedKey = "broadcast-key-the-operator-and-signaling-share";
    private readonly string _folder = Directory.CreateTempSubdirectory("airwave-signaling-private-").FullName;
    private SfuProcess _sfu = null!;

    public async Task InitializeAsync()
    {
        // As the operator runs a private stream's pod: with the stream's broadcast key, and private viewing on.
        _sfu = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "42440-42459",
            ["Sfu:PrivateViewing"] = "true",
            [SfuSettings.PublishKeyVariable] = PublishKey,
            [SfuSettings.BroadcastKeyVariable] = BroadcastKey.ForStream(SharedKey, "team-a", "backstage"),
        });
        await _sfu.WaitReadyAsync();
    }

    [Fact]
    public async Task Each_viewer_token_opens_one_session_of_its_stream_before_it_expires_and_nothing_else_opens_one()
    {
        await using var signaling = await SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:PodsHost"] = "127.0.0.1",
            ["Signaling:Sfu:ApiPort"] = _sfu.ApiPort.ToString(CultureInfo.InvariantCulture),
            ["Signaling:Sfu:BroadcastKey"] = SharedKey,
        });
        var whip = new Uri(signaling.Public.BaseAddress!, "whip/v1/team-a/backstage");
        var whep = new Uri(signaling.Public.BaseAddress!, "whep/v1/team-a/backstage");

        await using var publishing = WhipPublisher.Start(whip, PublishKey);
        await publishing.ConnectedAsync();
        var token = Token("team-a/backstage", TimeSpan.FromMinutes(2));
        var viewed = await WebRtcClients.ViewAsync(whep, frames: 10, token: token);
        using var again = await PostAsync(signaling, token);
        using var without = await PostAsync(signaling, token: null);
        using var otherStream = await PostAsync(signaling, Token("team-a/foyer", TimeSpan.FromMinutes(2)));
        using var expired = await PostAsync(signaling, Token("team-a/backstage", TimeSpan.FromMinutes(-1)));
        using var forged = await PostAsync(signaling, Token("team-a/backstage", TimeSpan.FromMinutes(2), key: RandomNumberGenerator.GetBytes(32)));
        var published = await publishing.StopAsync();

        Assert.Equal(201, (int?)published["status"]);
        Assert.True((int?)viewed["framesDecoded"] >= 10, viewed.ToJsonString());
        await AssertRefusedAsync(again, "the viewer token was used already");
        await AssertRefusedAsync(without, "needs a viewer token");
        await AssertRefusedAsync(otherStream, "the viewer token is for another stream than team-a/backstage");
        await AssertRefusedAsync(expired, "the viewer token has expired");
        await AssertRefusedAsync(forged, "neither a viewer token of this installation nor a grant of a broadcast live on this stream");
    }

    /// <summary>A viewer token as the webhook service issues it, signed with the key the operator derives from the shared one.</summary>
    private static string Token(string stream, TimeSpan lifetime, byte[]? key = null) => Hs256Jwt.Sign(
        new JsonObject
        {
            ["aud"] = stream,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["exp"] = (DateTimeOffset.UtcNow + lifetime).ToUnixTimeSeconds(),
        },
        key ?? WebRtcViewerKeySecret.Derive(SharedKey));

    private static Task<HttpResponseMessage> PostAsync(SignalingServer signaling, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "whep/v1/team-a/backstage");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return signaling.Public.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string why)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(why, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _sfu.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
