using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Aws;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Relay;
using Airwave.Testing.Sfu;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Sfu.Tests;

/// <summary>
/// A stream's pod that has the publisher relays it to the stream's other pods, so that viewers watch on any of them:
/// two pods on addresses of their own (127.0.0.1 and 127.0.0.2), the first told both are the stream's.
/// </summary>
public sealed class RelayTests
{
    private const string PublishKey = "publish-key-for-tests";
    private const string RoomAdminKey = "room-admin-key-for-tests";

    [Fact]
    public async Task A_viewer_on_another_pod_watches_the_publisher_relayed_there_until_it_leaves()
    {
        var (owner, other) = await TwoPodsAsync("41500-41519", "41520-41539", []);
        await using var o = owner;
        await using var p = other;

        await using var publishing = WhipPublisher.Start(new Uri(owner.Api.BaseAddress!, "whip"), PublishKey);
        var relayed = await Eventually.MatchAsync(() => WhipStatusAsync(other), s => (bool?)s["relayed"] == true, TimeSpan.FromSeconds(30), "the publisher relayed to the other pod");
        var viewed = await WebRtcClients.ViewAsync(new Uri(other.Api.BaseAddress!, "whep"), frames: 20);
        var secondPublisher = await WebRtcClients.PublishAsync(new Uri(other.Api.BaseAddress!, "whip"), PublishKey, TimeSpan.Zero);
        var published = await publishing.StopAsync();
        var left = await Eventually.MatchAsync(() => WhipStatusAsync(other), s => (bool?)s["relayed"] == false, TimeSpan.FromSeconds(15), "the relayed publisher gone once it left");

        Assert.Equal(201, (int?)published["status"]);
        Assert.False((bool?)relayed["publishing"]);
        Assert.Equal(201, (int?)viewed["status"]);
        Assert.True((int?)viewed["framesDecoded"] >= 20, viewed.ToJsonString());
        // The publisher is on the first pod: the second refuses another.
        Assert.Equal(409, (int?)secondPublisher["status"]);
        Assert.Equal(0, (int?)left["viewers"]);
        Assert.Contains(owner.Logs.Lines, line => line.Contains("Relaying the publisher to the pod at 127.0.0.2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relayed_publisher_its_pod_stops_renewing_is_removed_after_the_lease_and_relays_need_the_room_admin_key()
    {
        await using var pod = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "41540-41559",
            ["Sfu:RelayLease"] = "00:00:02",
            [SfuSettings.RoomAdminKeyVariable] = RoomAdminKey,
        });
        await pod.WaitReadyAsync();
        var streams = new JsonArray(
            new JsonObject { ["type"] = "audio", ["mindex"] = 0, ["mid"] = "0", ["codec"] = "opus" },
            new JsonObject { ["type"] = "video", ["mindex"] = 1, ["mid"] = "1", ["codec"] = "vp8" });

        using var taken = await RelayAsync(pod, RoomAdminKey, streams);
        var ports = (await taken.Content.ReadFromJsonAsync<JsonObject>())!;
        var port = (int)ports["port"]!;
        using var renewed = await RelayAsync(pod, RoomAdminKey, streams);
        var during = await WhipStatusAsync(pod);
        using var unauthorized = await RelayAsync(pod, "guessed", streams);
        using var empty = await RelayAsync(pod, RoomAdminKey, []);
        var expired = await Eventually.MatchAsync(() => WhipStatusAsync(pod), s => (bool?)s["relayed"] == false, TimeSpan.FromSeconds(15), "the relayed publisher gone once its lease ended");

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.InRange(port, 1, 65535);
        Assert.InRange((int)ports["rtcpPort"]!, 1, 65535);
        // Renewing keeps the port the source sends to.
        Assert.Equal(port, (int)(await renewed.Content.ReadFromJsonAsync<JsonObject>())!["port"]!);
        Assert.True((bool?)during["relayed"]);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.False((bool?)expired["publishing"]);
        Assert.Contains(pod.Logs.Lines, line => line.Contains("did not renew its relayed publisher within 2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pod_that_relays_its_publisher_also_forwards_it_into_the_pipeline()
    {
        var work = Directory.CreateTempSubdirectory("airwave-relay-tests-").FullName;
        var recording = Path.Combine(work, "received.flv");
        var rtmpPort = LoopbackPorts.Reserve();
        var target = $"rtmp://127.0.0.1:{rtmpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}/live/stream-key";
        await using var server = await ForwardTests.ListenAsync(target, recording);
        var (owner, other) = await TwoPodsAsync("41540-41559", "41570-41589", new() { ["Sfu:ForwardPort"] = "41560", [SfuSettings.ForwardUrlVariable] = target });
        await using var o = owner;
        await using var p = other;

        await using var publishing = WhipPublisher.Start(new Uri(owner.Api.BaseAddress!, "whip"), PublishKey);
        await Eventually.MatchAsync(() => WhipStatusAsync(other), s => (bool?)s["relayed"] == true, TimeSpan.FromSeconds(30), "the publisher relayed to the other pod");
        var viewed = await WebRtcClients.ViewAsync(new Uri(other.Api.BaseAddress!, "whep"), frames: 20);
        await publishing.StopAsync();
        await Eventually.MatchAsync(() => Task.FromResult(server.HasExited), exited => exited, TimeSpan.FromSeconds(30), "the RTMP push ended once the publisher left");

        var content = await TestMedia.ContentAsync(recording);
        Assert.True((int?)viewed["framesDecoded"] >= 20, viewed.ToJsonString());
        Assert.Equal("h264", content.VideoCodec);
        Assert.True(content.DistinctFrames >= 30, content.ToString());
    }

    private static async Task<HttpResponseMessage> RelayAsync(SfuProcess pod, string key, JsonArray streams)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "relay") { Content = JsonContent.Create(new JsonObject { ["streams"] = streams.DeepClone() }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await pod.Api.SendAsync(request);
    }

    /// <summary>
    /// Two pods of a stream on addresses of their own (127.0.0.1 and 127.0.0.2), sharing the API port as in a cluster,
    /// the first told both are the stream's; <paramref name="ownerSettings"/> adds to the first's settings.
    /// </summary>
    private static async Task<(SfuProcess Owner, SfuProcess Other)> TwoPodsAsync(string ownerMedia, string otherMedia, Dictionary<string, string?> ownerSettings)
    {
        var peers = new StaticPeers(IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2"));
        var apiPort = LoopbackPorts.Reserve().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var owner = await SfuProcess.StartAsync(
            new Dictionary<string, string?>(ownerSettings)
            {
                ["Sfu:ApiPort"] = apiPort,
                ["Sfu:MediaPorts"] = ownerMedia,
                ["Sfu:PodAddress"] = "127.0.0.1",
                ["Sfu:PeersHost"] = "sfu-stage.team-a.svc",
                [SfuSettings.RoomAdminKeyVariable] = RoomAdminKey,
                [SfuSettings.PublishKeyVariable] = PublishKey,
            },
            services: services => services.AddSingleton<ISfuPeers>(peers));
        try
        {
            var other = await SfuProcess.StartAsync(
                new Dictionary<string, string?>
                {
                    ["Sfu:ApiPort"] = apiPort,
                    ["Sfu:MediaPorts"] = otherMedia,
                    ["Sfu:PodAddress"] = "127.0.0.2",
                    [SfuSettings.RoomAdminKeyVariable] = RoomAdminKey,
                    [SfuSettings.PublishKeyVariable] = PublishKey,
                },
                address: "127.0.0.2");
            await owner.WaitReadyAsync();
            await other.WaitReadyAsync();
            return (owner, other);
        }
        catch
        {
            await owner.DisposeAsync();
            throw;
        }
    }

    private static async Task<JsonObject> WhipStatusAsync(SfuProcess pod) =>
        JsonNode.Parse(await pod.Api.GetStringAsync(new Uri("whip", UriKind.Relative)))!.AsObject();

    private sealed class StaticPeers(params IPAddress[] addresses) : ISfuPeers
    {
        public Task<IReadOnlyList<IPAddress>> ResolveAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<IPAddress>>(addresses);
    }
}
