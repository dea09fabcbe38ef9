using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>Crashes, AWS error storms and changes made behind the operator's back: it converges, and never duplicates.</summary>
public sealed class LiveStreamFaultTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private AwsEmulator Aws => sandbox.Host.Aws!;

    public static TheoryData<int> ProvisioningSteps() => [1, 2, 3, 4, 5];

    /// <summary>
    /// The operator dies after the k-th resource exists but before status could record it (its status writes
    /// fail meanwhile), and a new instance starts from nothing: it adopts what exists by its tags.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvisioningSteps))]
    public async Task An_operator_restarted_at_any_provisioning_step_makes_exactly_one_of_each_resource(int step)
    {
        var ns = await sandbox.CreateNamespaceAsync();
        using (sandbox.Host.Kubernetes.Faults.FailWhile(r => r.Subresource == "status" && r.Namespace == ns, 500))
        {
            await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
            await Eventually.MatchAsync(() => AwsResourcesOf.Namespace(Aws, ns), r => StepsDone(r) >= step, OperatorSandbox.Timeout, $"provisioning step {step}");
            await sandbox.Host.RestartOperatorAsync(CancellationToken.None);
        }

        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running after the restart");
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(Aws, ns));

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "livestream", "workshop-a", "--wait=false");
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => s is null, "workshop-a deleted");
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));
    }

    /// <summary>
    /// Faults of both kinds: refused before anything happened (throttling, 5xx), and carried out with the answer lost
    /// (the connection dropped after the change was stored), for every create and start the stream makes.
    /// </summary>
    [Fact]
    public async Task Storms_of_refused_calls_and_lost_answers_converge_without_duplicates_and_leave_nothing()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        Aws.Faults.ThrottleNext(25);
        Aws.Faults.FailNext(25);
        Aws.Faults.LoseResponseOfNext(3, AwsServiceKind.MediaLive, "CreateInputSecurityGroup");
        Aws.Faults.LoseResponseOfNext(2, AwsServiceKind.MediaLive, "CreateInput");
        Aws.Faults.LoseResponseOfNext(2, AwsServiceKind.MediaPackage, "CreateChannel");
        Aws.Faults.LoseResponseOfNext(2, AwsServiceKind.MediaPackage, "CreateOriginEndpoint");
        Aws.Faults.LoseResponseOfNext(2, AwsServiceKind.MediaLive, "CreateChannel");
        Aws.Faults.LoseResponseOfNext(2, AwsServiceKind.MediaLive, "StartChannel");
        Aws.Faults.LoseResponseOfNext(2, AwsServiceKind.CloudFront, "UpdateDistribution");
        try
        {
            await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));

            await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running through the storm");
            Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(Aws, ns));

            Aws.Faults.LoseResponseOfNext(2, AwsServiceKind.MediaLive, "DeleteChannel");
            Aws.Faults.LoseResponseOfNext(2, AwsServiceKind.MediaLive, "DeleteInput");
            await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "livestream", "workshop-a", "--wait=false");
            await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => s is null, "workshop-a deleted through the storm");
            Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));
        }
        finally
        {
            Aws.Faults.Reset();
        }
    }

    [Fact]
    public async Task A_request_aws_refuses_fails_the_stream_with_awss_message_and_waits_for_a_spec_change()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var creates = CreateChannelCalls();
        Aws.Faults.RejectNext(1, AwsServiceKind.MediaLive, "CreateChannel");

        await sandbox.ApplyStreamAsync(ns, "refused");
        var failed = await sandbox.WaitForAsync(ns, "livestream", "refused", s => Phase(s) == "Failed", "refused Failed");
        // Five resyncs: a stream AWS refused is not tried again unchanged.
        await Task.Delay(5 * OperatorSandbox.ResyncInterval);
        var stillFailed = await sandbox.GetAsync(ns, "livestream", "refused");
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=AwsRejected", "-o", "json");
        var callsWhileFailed = CreateChannelCalls() - creates;

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "refused", "--type=merge", "-p", """{"spec":{"description":"settings fixed"}}""");
        var running = await sandbox.WaitForAsync(ns, "livestream", "refused", s => Phase(s) == "Running", "refused Running after the spec changed");

        var ready = Condition(failed, "Ready");
        Assert.Equal(("False", "AwsRejected"), (ready?["status"]?.GetValue<string>(), ready?["reason"]?.GetValue<string>()));
        Assert.Contains("CreateChannel failed: the request is not valid", ready!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("True", Condition(failed, "Stalled")?["status"]?.GetValue<string>());
        Assert.Equal("Failed", Phase(stillFailed));
        Assert.Equal(1, callsWhileFailed);
        var warning = Assert.Single(JsonNode.Parse(events)!["items"]!.AsArray());
        Assert.Equal(("Warning", 1), (warning!["type"]!.GetValue<string>(), warning["count"]?.GetValue<int>() ?? 1));
        Assert.Null(Condition(running, "Stalled"));
        Assert.Equal(2, CreateChannelCalls() - creates);
    }

    [Fact]
    public async Task A_stream_whose_first_reconciles_fail_shows_a_phase_and_the_error()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        Aws.Faults.FailNext(1000, AwsServiceKind.MediaLive, "CreateInputSecurityGroup");
        try
        {
            await sandbox.ApplyStreamAsync(ns, "unlucky");
            var failing = await sandbox.WaitForAsync(ns, "livestream", "unlucky", s => Condition(s, "Ready")?["reason"]?.GetValue<string>() == "ReconcileError", "unlucky ReconcileError");

            Assert.Equal("Pending", Phase(failing));
            Assert.Contains("InternalServerErrorException", Condition(failing, "Ready")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            Aws.Faults.Reset();
        }

        await sandbox.WaitForAsync(ns, "livestream", "unlucky", s => Phase(s) == "Running", "unlucky Running once AWS recovers");
    }

    [Fact]
    public async Task A_channel_deleted_outside_airwave_is_recreated_and_started_again()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var running = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        var channelId = running!["status"]!["aws"]!["channelId"]!.GetValue<string>();

        using var http = new HttpClient();
        var mediaLive = new MediaLiveClient(http, AwsClientOptions.ForEmulator(Aws.BaseAddress), new StaticCredentialsProvider(Aws.Options.Credentials));
        await mediaLive.StopChannelAsync(channelId, CancellationToken.None);
        await Eventually.MatchAsync(() => mediaLive.DescribeChannelAsync(channelId, CancellationToken.None), c => c.State == ChannelState.Idle, OperatorSandbox.Timeout, "channel stopped out of band");
        await mediaLive.DeleteChannelAsync(channelId, CancellationToken.None);

        var recovered = await sandbox.WaitForAsync(
            ns,
            "livestream",
            "workshop-a",
            s => Phase(s) == "Running" && s!["status"]!["aws"]!["channelId"]!.GetValue<string>() != channelId,
            "running on a new channel");
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(Aws, ns));
        Assert.True(recovered!["status"]!["sessions"]!.AsArray().Count >= 2, "the interrupted session ends and a new one starts");
    }

    // Provisioning order: security group, input, MediaPackage channel, endpoint, channel.
    private static int StepsDone(AwsResourcesOf r) =>
        r.Channels > 0 ? 5 : r.PackageEndpoints > 0 ? 4 : r.PackageChannels > 0 ? 3 : r.Inputs > 0 ? 2 : r.SecurityGroups > 0 ? 1 : 0;

    private int CreateChannelCalls() => Aws.Inventory.Calls.Counts.GetValueOrDefault("MediaLive.CreateChannel");
}
