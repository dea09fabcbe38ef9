using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// Every request the operator sends to MediaLive, MediaPackage and CloudFront over a stream's whole life, checked by
/// botocore against the official service models: what a real account would refuse as invalid fails here.
/// </summary>
public sealed class AwsModelConformanceTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private const string Name = "workshop-a";

    // Operations the lifecycle below must have made, so that the check covers each of them.
    private static readonly string[] Covered =
    [
        "MediaLive.CreateInputSecurityGroup", "MediaLive.UpdateInputSecurityGroup", "MediaLive.CreateInput", "MediaLive.UpdateInput",
        "MediaLive.CreateChannel", "MediaLive.UpdateChannel", "MediaLive.StartChannel", "MediaLive.StopChannel", "MediaLive.DeleteChannel",
        "MediaLive.DeleteInput", "MediaLive.DeleteInputSecurityGroup", "MediaPackage.CreateChannel", "MediaPackage.UpdateChannel", "MediaPackage.CreateOriginEndpoint",
        "MediaPackage.UpdateOriginEndpoint", "MediaPackage.DeleteOriginEndpoint", "MediaPackage.DeleteChannel", "CloudFront.UpdateDistribution",
    ];

    [Fact]
    public async Task Every_request_of_a_streams_life_is_valid_for_the_AWS_service_models()
    {
        var calls = sandbox.Host.Aws!.Inventory.Calls;
        calls.KeepRequests = true;
        var ns = await sandbox.CreateNamespaceAsync();

        // Live through CloudFront, archived, encrypted: every kind of resource the operator makes.
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await sandbox.WaitForAsync(ns, "livestream", Name, s => Phase(s) == "Running", "running");
        await PatchAsync(ns, """{"spec":{"description":"Workshop A, day two","source":{"rtmpPush":{"allowedCidrs":["192.0.2.0/24"]}},"playback":{"startoverWindowSeconds":7200}}}""");
        await sandbox.Kubectl.SucceedAsync("annotate", "livestream", Name, "-n", ns, "media.airwave.dev/rotate-stream-key=first");
        await PatchAsync(ns, """{"spec":{"encoding":{"ladder":"1080p"}}}""");
        await PatchAsync(ns, """{"spec":{"state":"Stopped"}}""");
        await sandbox.WaitForAsync(
            ns,
            "livestream",
            Name,
            s => Phase(s) == "Idle" && Condition(s, "UpdatePending")?["status"]?.GetValue<string>() == "False" && s?["status"]?["ingest"]?["keyRotation"]?.GetValue<string>() == "first",
            "stopped, with the new ladder and key");
        await PatchAsync(ns, """{"spec":{"state":"Running"}}""");
        await sandbox.WaitForAsync(ns, "livestream", Name, s => Phase(s) == "Running", "running again");
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", Name, "-n", ns, "--timeout=60s");

        var requests = calls.Calls.Where(c => c.Request is not null && !c.Operation.StartsWith("S3.", StringComparison.Ordinal)).ToList();
        Assert.Empty(Covered.Except(requests.Select(c => c.Operation)));
        var problems = await BotocoreCheck.ProblemsAsync(requests, sandbox.Directory);
        Assert.True(problems.Length == 0, problems);
    }

    [Fact]
    public async Task The_check_reports_what_the_models_refuse()
    {
        var problems = await BotocoreCheck.ProblemsAsync(
            [
                new RecordedRequest("MediaLive.CreateInputSecurityGroup", "POST", "/prod/inputSecurityGroups", new Dictionary<string, string>(), """{"whitelistRules":[{"cidr":"192.0.2.0/24","port":1935}]}"""),
                new RecordedRequest("MediaPackage.UpdateOriginEndpoint", "PUT", "/origin_endpoints/endpoint-1", new Dictionary<string, string>(), """{"hlsPackage":{"playlistType":"SOMETIMES"}}"""),
                new RecordedRequest("CloudFront.UpdateDistribution", "PUT", "/2020-05-31/distribution/E123/config", new Dictionary<string, string>(), """<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Comment>x</Comment></DistributionConfig>"""),
            ],
            sandbox.Directory);

        Assert.Contains("whitelistRules[0].port: not a member of InputWhitelistRuleCidr", problems, StringComparison.Ordinal);
        Assert.Contains("'SOMETIMES' is not one of", problems, StringComparison.Ordinal);
        Assert.Contains("Missing required parameter in DistributionConfig: \"CallerReference\"", problems, StringComparison.Ordinal);
    }

    private Task<string> PatchAsync(string ns, string patch) =>
        sandbox.Kubectl.SucceedAsync("patch", "livestream", Name, "-n", ns, "--type=merge", "-p", patch);
}
