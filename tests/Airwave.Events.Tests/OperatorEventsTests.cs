using Airwave.Events.Tests.Infrastructure;
using Airwave.Sandbox;

namespace Airwave.Events.Tests;

/// <summary>The operator in the sandbox, driven with kubectl, publishing a stream's life to a receiver.</summary>
public sealed class OperatorEventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-events-operator-").FullName;
    private readonly string _secret = TestEvents.NewSecret();
    private Receiver _receiver = null!;
    private SandboxHost _sandbox = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _receiver.Secrets = [_secret];
        _receiver.Token = "operator-token";
        _sandbox = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                OperatorPort = 0,
                KubeconfigPath = Path.Combine(_directory, "sandbox.kubeconfig"),
                AwsTransitionDelay = TimeSpan.FromMilliseconds(200),
                OperatorPollInterval = TimeSpan.FromMilliseconds(100),
                OperatorResyncInterval = TimeSpan.FromSeconds(2),
                OperatorSettings = new Dictionary<string, string?>
                {
                    ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
                    ["DOWNSTREAM_SERVICE_URL"] = _receiver.Url.ToString(),
                    ["DOWNSTREAM_SERVICE_TOKEN"] = _receiver.Token,
                    ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = _secret,
                    ["Downstream:PollInterval"] = "00:00:00.500",
                },
            },
            CancellationToken.None);
        _kubectl = new Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_streams_life_reaches_the_receiver_in_order()
    {
        await _kubectl.SucceedAsync("create", "namespace", "events");
        await _kubectl.SucceedAsync("apply", "-n", "events", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await WaitForTypesAsync("stream.started");
        await _kubectl.SucceedAsync("patch", "-n", "events", "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        await WaitForTypesAsync("stream.stopped");
        await _kubectl.SucceedAsync("delete", "-n", "events", "livestream", "workshop-a", "--wait=false");
        var types = await WaitForTypesAsync("stream.deleted");

        Assert.Equal(0, _receiver.Rejected);
        Assert.Equal(
            ["stream.created", "stream.provisioned", "stream.started", "stream.live_on", "stream.stopped", "stream.deleted"],
            types.Distinct());
        var started = _receiver.Events.First(e => (string?)e["type"] == "dev.airwave.stream.started");
        Assert.Equal("/apis/media.airwave.dev/v1alpha1/namespaces/events/livestreams/workshop-a", (string?)started["source"]);
        Assert.Equal("stream_start", (string?)started["data"]!["event_type"]);
        Assert.Equal("workshop-a", (string?)started["data"]!["stream_data"]!["name"]);
        Assert.NotNull((string?)started["data"]!["session_id"]);
    }

    private async Task<IReadOnlyList<string>> WaitForTypesAsync(string type) =>
        await Eventually.MatchAsync(
            () => (IReadOnlyList<string>)[.. _receiver.Events.Select(e => ((string)e["type"]!)["dev.airwave.".Length..])],
            types => types.Contains(type),
            Patience,
            $"{type} at the receiver");
}
