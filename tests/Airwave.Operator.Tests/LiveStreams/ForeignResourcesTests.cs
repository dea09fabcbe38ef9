using System.Text.Json;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// The operator shares the account with whatever else runs there. Resources it did not make, of any kind MediaLive
/// has, never stop it from making, running or deleting its own. This class has a sandbox of its own, since its
/// foreign resources are account-wide.
/// </summary>
public sealed class ForeignResourcesTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>, IDisposable
{
    private readonly AwsCli _cli = new(sandbox.Host.Aws!.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Foreign_inputs_of_every_type_the_model_lists_leave_a_stream_working_and_are_left_alone()
    {
        var group = (await _cli.RunAsync("medialive", "create-input-security-group", "--whitelist-rules", "Cidr=10.0.0.0/8")).Json["SecurityGroup"]!["Id"]!.GetValue<string>();
        // Every value of the enum, which holds exactly the newest service model's (see WireShapeTests).
        var types = Enum.GetValues<InputType>().Where(t => t != InputType.Unknown).Select(t => JsonSerializer.Serialize(t, AwsJson.Options).Trim('"')).ToList();
        foreach (var type in types)
        {
            // A push input takes its stream name, a pull input the URL it pulls (MediaLive refuses one without).
            string[] where = type switch
            {
                "RTMP_PUSH" => ["--destinations", "StreamName=foreign/a"],
                "RTMP_PULL" => ["--sources", "Url=rtmp://foreign.example.com/live/a"],
                "URL_PULL" => ["--sources", "Url=https://foreign.example.com/a/index.m3u8"],
                "MP4_FILE" => ["--sources", "Url=https://foreign.example.com/a.mp4"],
                _ => [],
            };
            _ = (await _cli.RunAsync(["medialive", "create-input", "--name", $"foreign-{type.ToLowerInvariant()}", "--type", type, "--input-security-groups", group, .. where])).Json;
        }

        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyStreamAsync(ns, "among-strangers");
        await sandbox.WaitForAsync(ns, "livestream", "among-strangers", s => s?["status"]?["phase"]?.GetValue<string>() == "Running", "among-strangers Running");
        Assert.Equal(AwsResourcesOf.OneOfEach(live: false), AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "livestream", "among-strangers", "--wait=false");
        await sandbox.WaitForAsync(ns, "livestream", "among-strangers", s => s is null, "among-strangers deleted");

        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
        var listed = (await _cli.RunAsync("medialive", "list-inputs")).Json["Inputs"]!.AsArray();
        Assert.Equal(16, types.Count);
        Assert.Equal(types.Order(StringComparer.Ordinal), listed.Select(i => i!["Type"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}
