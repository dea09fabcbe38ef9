using System.Text.Json.Nodes;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Sfu;
using Airwave.Sfu.Configuration;
using Airwave.Testing.Sfu;
using k8s.Models;

namespace Airwave.Operator.Tests.WebRtc;

/// <summary>The operator tells a real SFU pod that it drains, and takes it back; the pod says so to the signaling service and in its metrics.</summary>
public sealed class SfuPodDrainTests
{
    [Fact]
    public async Task A_pod_told_it_drains_says_so_until_told_otherwise_and_only_the_room_admin_key_tells_it()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41560-41579", [SfuSettings.RoomAdminKeyVariable] = "room-admin-key" });
        await sfu.WaitReadyAsync();
        var managementPort = sfu.Management.BaseAddress!.Port;
        using var http = new HttpClient();
        var load = new SfuPodLoad(http, new OperatorOptions { Sfu = new SfuOptions { ManagementPort = managementPort } });
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "sfu-stage-1" }, Status = new V1PodStatus { PodIP = "127.0.0.1" } };

        var before = await load.ReadAsync(pod, CancellationToken.None);
        var toldWrongly = await load.TellDrainingAsync(pod, draining: true, "guessed", CancellationToken.None);
        var told = await load.TellDrainingAsync(pod, draining: true, "room-admin-key", CancellationToken.None);
        var draining = await load.ReadAsync(pod, CancellationToken.None);
        var status = JsonNode.Parse(await sfu.Api.GetStringAsync(new Uri("whip", UriKind.Relative)))!;
        var takenBack = await load.TellDrainingAsync(pod, draining: false, "room-admin-key", CancellationToken.None);
        var after = await load.ReadAsync(pod, CancellationToken.None);

        Assert.False(before!.Draining);
        Assert.False(toldWrongly);
        Assert.True(told);
        Assert.True(draining!.Draining);
        Assert.True((bool)status["draining"]!);
        Assert.True(takenBack);
        Assert.False(after!.Draining);
    }
}
