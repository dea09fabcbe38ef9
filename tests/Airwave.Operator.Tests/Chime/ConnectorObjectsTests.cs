using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.LiveStreams.Connector;
using k8s.Models;

namespace Airwave.Operator.Tests.Chime;

/// <summary>What the operator asks the cluster for on a Chime stream's behalf, and how it reads its connector pod.</summary>
public sealed class ConnectorObjectsTests
{
    private static readonly ConnectorOptions Connector = new() { Image = "registry.example.com/airwave/connector:1.2.3" };

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("https://app.chime.aws/meetings/v2?m=town-hall", "https://app.chime.aws/meetings/v2?m=town-hall&broadcast=true")]
    [InlineData("https://meet.example.com/rooms/42", "https://meet.example.com/rooms/42?broadcast=true")]
    [InlineData("https://meet.example.com/rooms/42?", "https://meet.example.com/rooms/42?broadcast=true")]
    [InlineData("https://meet.example.com/rooms/42#stage", "https://meet.example.com/rooms/42?broadcast=true#stage")]
    [InlineData("https://meet.example.com/r?broadcast=false", "https://meet.example.com/r?broadcast=false")]
    [InlineData("https://meet.example.com/r?a=1&broadcast=true", "https://meet.example.com/r?a=1&broadcast=true")]
    [InlineData("https://meet.example.com/r?nobroadcast=1", "https://meet.example.com/r?nobroadcast=1&broadcast=true")]
    public void The_connector_opens_the_meeting_url_with_broadcast_in_its_query_unless_it_says_otherwise(string meetingUrl, string opened) =>
        Assert.Equal(opened, ConnectorObjects.JoinUrl(meetingUrl));

    [Fact]
    public void The_pods_egress_policy_allows_dns_and_the_internet_but_no_private_shared_or_link_local_address()
    {
        var policy = ConnectorObjects.EgressPolicy(Stream("town-hall"), Connector);
        var own = ConnectorObjects.EgressPolicy(Stream("town-hall"), Connector with { DeniedEgressCidrs = ["10.0.0.0/8", "203.0.113.0/24"] });
        var deployment = ConnectorObjects.Deployment(Stream("town-hall"), new string('d', 64), backup: false, Connector);
        var redeployed = ConnectorObjects.Deployment(Stream("town-hall"), new string('d', 64), backup: false, Connector with { DeniedEgressCidrs = ["10.0.0.0/8", "203.0.113.0/24"] });

        Assert.Equal(("NetworkPolicy", "connector-town-hall"), ((string?)policy["kind"], (string?)policy["metadata"]!["name"]));
        var spec = policy["spec"]!;
        Assert.Equal("uid-town-hall", (string?)spec["podSelector"]!["matchLabels"]![AppliedObject.StreamUidLabel]);
        Assert.Equal(["Egress"], spec["policyTypes"]!.AsArray().Select(t => (string?)t));
        var (dns, internet) = (spec["egress"]![0]!, spec["egress"]![1]!);
        Assert.Equal(["UDP/53", "TCP/53"], dns["ports"]!.AsArray().Select(p => $"{p!["protocol"]}/{p["port"]}"));
        Assert.Equal("kube-dns", (string?)dns["to"]![0]!["podSelector"]!["matchLabels"]!["k8s-app"]);
        var blocks = internet["to"]!.AsArray().Select(t => t!["ipBlock"]!).ToDictionary(b => (string)b["cidr"]!, b => b["except"]!.AsArray().Select(e => (string)e!).ToList());
        Assert.Equal(["0.0.0.0/0", "::/0"], blocks.Keys);
        Assert.Equal(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16"], blocks["0.0.0.0/0"]);
        Assert.Equal(["fc00::/7", "fe80::/10", "::1/128"], blocks["::/0"]);
        Assert.Equal(["10.0.0.0/8", "203.0.113.0/24"], own["spec"]!["egress"]![1]!["to"]![0]!["ipBlock"]!["except"]!.AsArray().Select(e => (string?)e));

        // The Deployment carries the policy's hash: a changed policy is applied with it.
        Assert.Equal(AppliedObject.HashOf(policy), (string?)deployment["spec"]!["template"]!["metadata"]!["annotations"]![ConnectorObjects.EgressPolicyAnnotation]);
        Assert.NotEqual(AppliedObject.HashOf(deployment), AppliedObject.HashOf(redeployed));
    }

    [Theory]
    [InlineData("town-hall", "connector-town-hall")]
    [InlineData("team.a.hall", "connector-team-a-hall")]
    public void The_deployment_is_named_after_the_stream_as_a_dns_label(string stream, string name)
    {
        Assert.Equal(name, ConnectorObjects.NameFor(Stream(stream)));
        Assert.Matches(DnsNames.Label, ConnectorObjects.NameFor(Stream(new string('a', 100))));
    }

    [Fact]
    public void One_pod_replaced_not_rolled_reads_its_push_url_from_the_ingest_secret_and_keeps_its_last_error()
    {
        var deployment = ConnectorObjects.Deployment(Stream("town-hall"), new string('d', 64), backup: false, Connector);
        var standard = ConnectorObjects.Deployment(Stream("town-hall"), new string('d', 64), backup: true, Connector);

        var spec = deployment["spec"]!;
        Assert.Equal(1, (int)spec["replicas"]!);
        Assert.Equal("Recreate", (string?)spec["strategy"]!["type"]);
        var container = spec["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(Connector.Image, (string?)container["image"]);
        Assert.Equal("FallbackToLogsOnError", (string?)container["terminationMessagePolicy"]);
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal("https://meet.example.com/town-hall?broadcast=true", (string?)env["CONNECTOR_MEETING_URL"]["value"]);
        Assert.Equal(("town-hall-ingest", "primaryUrl"), ((string?)env["CONNECTOR_PUSH_URL"]["valueFrom"]!["secretKeyRef"]!["name"], (string?)env["CONNECTOR_PUSH_URL"]["valueFrom"]!["secretKeyRef"]!["key"]));
        Assert.Equal("status.podIP", (string?)env["AIRWAVE_Connector__BindAddress"]["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.DoesNotContain("CONNECTOR_PUSH_BACKUP_URL", env.Keys);
        var backup = standard["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().Single(e => (string?)e!["name"] == "CONNECTOR_PUSH_BACKUP_URL")!;
        Assert.Equal("backupUrl", (string?)backup["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.NotEqual(AppliedObject.HashOf(deployment), AppliedObject.HashOf(standard));
        Assert.Equal("00:02:00", (string?)env["AIRWAVE_Connector__JoinTimeout"]["value"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("uid-town-hall", (string?)spec["selector"]!["matchLabels"]![AppliedObject.StreamUidLabel]);
        Assert.Equal(("LiveStream", "town-hall"), ((string?)deployment["metadata"]!["ownerReferences"]![0]!["kind"], (string?)deployment["metadata"]!["ownerReferences"]![0]!["name"]));
    }

    [Fact]
    public void A_new_push_url_or_image_changes_what_is_applied_and_the_same_inputs_do_not()
    {
        var stream = Stream("town-hall");
        var one = AppliedObject.HashOf(ConnectorObjects.Deployment(stream, new string('d', 64), backup: false, Connector));

        Assert.Equal(one, AppliedObject.HashOf(ConnectorObjects.Deployment(stream, new string('d', 64), backup: false, Connector)));
        Assert.NotEqual(one, AppliedObject.HashOf(ConnectorObjects.Deployment(stream, new string('e', 64), backup: false, Connector)));
        Assert.NotEqual(one, AppliedObject.HashOf(ConnectorObjects.Deployment(stream, new string('d', 64), backup: false, Connector with { Image = "airwave/connector:2.0.0" })));
    }

    [Fact]
    public void A_ready_pod_is_connected_a_pod_still_joining_is_starting_and_none_is_starting()
    {
        Assert.Equal(ConnectorPhase.Connected, ConnectorReport.Of("c", [Pod(ready: true, Running())], null, Now).Phase);
        Assert.Equal(ConnectorPhase.Starting, ConnectorReport.Of("c", [Pod(ready: false, Running())], null, Now).Phase);
        Assert.Equal(ConnectorPhase.Starting, ConnectorReport.Of("c", [Pod(ready: false, new V1ContainerStatus { Name = "connector", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } } })], null, Now).Phase);
        Assert.Equal(ConnectorPhase.Starting, ConnectorReport.Of("c", [], null, Now).Phase);
    }

    [Fact]
    public void A_failed_run_is_reported_with_the_error_it_logged_last_also_while_it_backs_off_and_runs_again()
    {
        var log = string.Join('\n',
            """{"EventId":0,"LogLevel":"Information","Category":"Airwave.Connector.MeetingConnector","Message":"Opening the meeting page","State":{}}""",
            """{"EventId":0,"LogLevel":"Error","Category":"Airwave.Connector.MeetingConnector","Message":"Connector failed: the meeting ended: the page says so","State":{}}""",
            """{"EventId":0,"LogLevel":"Information","Category":"Microsoft.Hosting.Lifetime","Message":"Application is shutting down...","State":{}}""");
        var ended = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", Message = log };

        var exited = ConnectorReport.Of("c", [Pod(ready: false, new V1ContainerStatus { Name = "connector", State = new V1ContainerState { Terminated = ended } })], null, Now);
        var backingOff = ConnectorReport.Of("c", [Pod(ready: false, new V1ContainerStatus { Name = "connector", RestartCount = 3, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } }, LastState = new V1ContainerState { Terminated = ended } })], exited, Now.AddMinutes(1));
        var runningAgain = ConnectorReport.Of("c", [Pod(ready: false, Running(restarts: 4, last: ended))], backingOff, Now.AddMinutes(2));
        var connected = ConnectorReport.Of("c", [Pod(ready: true, Running(restarts: 4, last: ended))], runningAgain, Now.AddMinutes(3));

        Assert.Equal((ConnectorPhase.Failed, "Connector failed: the meeting ended: the page says so", 0), (exited.Phase, exited.Message, exited.Restarts));
        Assert.Equal((ConnectorPhase.Failed, exited.Message, 3, Now), (backingOff.Phase, backingOff.Message, backingOff.Restarts, backingOff.Since));
        Assert.Equal((ConnectorPhase.Failed, 4, Now), (runningAgain.Phase, runningAgain.Restarts, runningAgain.Since));
        Assert.Equal((ConnectorPhase.Connected, (string?)null, Now.AddMinutes(3)), (connected.Phase, connected.Message, connected.Since));
    }

    [Fact]
    public void A_pod_that_cannot_start_says_why_and_a_run_without_a_message_gives_its_exit_code()
    {
        var pull = ConnectorReport.Of("c", [Pod(ready: false, new V1ContainerStatus { Name = "connector", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image \"airwave/connector:9\"" } } })], null, Now);
        var silent = ConnectorReport.Of("c", [Pod(ready: false, new V1ContainerStatus { Name = "connector", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137, Reason = "OOMKilled" } } })], null, Now);
        var plain = ConnectorReport.ErrorLine("info: starting\nfail: Airwave.Connector[0]\n      Connector failed: the push to rtmp://x/live ended\ninfo: stopping");

        Assert.Equal((ConnectorPhase.Failed, "ImagePullBackOff: Back-off pulling image \"airwave/connector:9\""), (pull.Phase, pull.Message));
        Assert.Equal((ConnectorPhase.Failed, "the connector exited with code 137 (OOMKilled)"), (silent.Phase, silent.Message));
        Assert.Equal("Connector failed: the push to rtmp://x/live ended", plain);
    }

    private static V1ContainerStatus Running(int restarts = 0, V1ContainerStateTerminated? last = null) => new()
    {
        Name = "connector",
        RestartCount = restarts,
        State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Now.UtcDateTime } },
        LastState = last is null ? null : new V1ContainerState { Terminated = last },
    };

    private static V1Pod Pod(bool ready, V1ContainerStatus container) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "connector-town-hall-abc", NamespaceProperty = "team-a" },
        Status = new V1PodStatus
        {
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            ContainerStatuses = [container],
        },
    };

    private static LiveStream Stream(string name) => new()
    {
        ApiVersion = "media.airwave.dev/v1alpha1",
        Kind = "LiveStream",
        Metadata = new ObjectMeta { Name = name, Namespace = "team-a", Uid = $"uid-{name}" },
        Spec = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.Chime, Chime = new ChimeSource { MeetingUrl = $"https://meet.example.com/{name}" } } },
    };
}
