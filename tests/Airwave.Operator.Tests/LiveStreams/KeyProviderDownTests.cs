using System.Globalization;
using System.Text;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// An installation whose key provider does not answer: nothing listens where MediaPackage is told to ask. It is said
/// to serve FairPlay too, so that streams may ask for SAMPLE-AES.
/// </summary>
public sealed class UnansweringKeyProviderSandbox : OperatorSandbox
{
    /// <summary>A loopback port reserved for this sandbox, on which nothing listens.</summary>
    public string KeyProviderUrl { get; } = $"http://127.0.0.1:{LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture)}/v1/speke";

    protected override bool RunMedia => true;

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings => [new("Operator:Speke:Url", KeyProviderUrl), new("Operator:Speke:FairPlay", "true")];
}

/// <summary>What viewers and the stream's owner see while the key provider is down: no playback at all, and why.</summary>
public sealed class KeyProviderDownTests(UnansweringKeyProviderSandbox sandbox) : IClassFixture<UnansweringKeyProviderSandbox>
{
    [Fact]
    public async Task An_encrypted_stream_whose_key_provider_does_not_answer_plays_nothing_and_its_condition_names_the_provider()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var running = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        var playback = new Uri(running!["status"]!["playback"]!["url"]!.GetValue<string>());
        var secret = await sandbox.GetAsync(ns, "secret", "workshop-a-ingest");
        var ingest = Encoding.UTF8.GetString(Convert.FromBase64String(secret!["data"]!["primaryUrl"]!.GetValue<string>()));

        // Media arrives for longer than the endpoint's first segments take, and than the operator waits for them.
        var push = TestMedia.PushRtmpAsync(ingest, seconds: 45);
        var noKeys = (await Eventually.MatchAsync(
            () => sandbox.GetAsync(ns, "livestream", "workshop-a"),
            s => (string?)Condition(s, "Encrypted")?["reason"] == "NoKeys",
            TimeSpan.FromSeconds(90),
            "workshop-a's missing keys reported"))!;
        using var http = new HttpClient();
        using var master = await http.GetAsync(playback);
        using var rendition = await http.GetAsync(new Uri(playback, "index_1.m3u8"));
        var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", playback.ToString()], TimeSpan.FromSeconds(60));
        var pushed = await push;

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.Equal(404, (int)master.StatusCode);
        Assert.Equal(404, (int)rendition.StatusCode);
        Assert.NotEqual(0, probe.ExitCode);
        var encrypted = Condition(noKeys, "Encrypted")!;
        Assert.Equal("False", (string?)encrypted["status"]);
        Assert.Contains($"a content key from the key provider at {sandbox.KeyProviderUrl}", (string?)encrypted["message"], StringComparison.Ordinal);
        Assert.Equal("True", (string?)Condition(noKeys, "InputReady")!["status"]);
    }

    [Fact]
    public async Task A_stream_asking_for_FairPlay_gets_a_sample_encrypted_endpoint_and_can_turn_back_in_place()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"playback":{"encryption":{"method":"SampleAes"}}}}""");
        var fairPlay = await Eventually.MatchAsync(() => Encryption(ns), e => e?.EncryptionMethod == "SAMPLE_AES", TimeSpan.FromSeconds(60), "workshop-a's endpoint sample-encrypted");
        var endpointId = Endpoint(ns)!.Id;

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"playback":{"encryption":{"method":"Aes128"}}}}""");
        var aes128 = await Eventually.MatchAsync(() => Encryption(ns), e => e?.EncryptionMethod == "AES_128", TimeSpan.FromSeconds(60), "workshop-a's endpoint back to AES-128");

        Assert.Equal([Cpix.FairPlaySystemId], fairPlay!.SpekeKeyProvider.SystemIds);
        Assert.Equal(sandbox.KeyProviderUrl, fairPlay.SpekeKeyProvider.Url);
        Assert.Equal([Cpix.HlsAes128SystemId], aes128!.SpekeKeyProvider.SystemIds);
        Assert.Equal(endpointId, Endpoint(ns)!.Id);
        Assert.Single(sandbox.Host.Aws!.Inventory.OriginEndpoints, e => e.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns);
    }

    private OriginEndpoint? Endpoint(string ns) =>
        sandbox.Host.Aws!.Inventory.OriginEndpoints.SingleOrDefault(e => e.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns);

    private HlsEncryption? Encryption(string ns) => Endpoint(ns)?.HlsPackage?.Encryption;
}
