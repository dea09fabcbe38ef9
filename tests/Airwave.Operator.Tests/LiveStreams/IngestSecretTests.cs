using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// The stream's ingest Secret always holds the key its input accepts: a Secret deleted or edited behind the stream's
/// back is restored from the input, and a key is rotated only when asked. (A Secret of its name the stream does not
/// control is kept from it by the chart's admission policy: OperatorAsChartServiceAccountTests.)
/// </summary>
public sealed class IngestSecretTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private const string Rotate = "media.airwave.dev/rotate-stream-key";

    private AwsEmulator Aws => sandbox.Host.Aws!;

    [Fact]
    public async Task A_deleted_secret_is_made_again_with_the_key_the_input_accepts()
    {
        var ns = await StartAsync("Stopped", "Idle");
        var key = await SecretKeyAsync(ns);

        await sandbox.Kubectl.SucceedAsync("delete", "secret", "-n", ns, "workshop-a-ingest");
        var restored = await Eventually.MatchAsync<string?>(() => SecretKeyAsync(ns), k => k is not null, OperatorSandbox.Timeout, "the Secret made again");
        var events = await EventsAsync(ns, "IngestSecretRestored");

        Assert.Equal(key, restored);
        Assert.Equal(key, InputKey(ns));
        Assert.Contains("was missing", Assert.Single(events)["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_never_reads_its_secret_and_writes_it_on_condition_at_every_resync()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var requests = new ConcurrentQueue<string>();
        using (sandbox.Host.Kubernetes.Faults.Observe(request =>
        {
            if (request.Namespace == ns && request.IsFrom("airwave-operator") && request.VerbAndResource.EndsWith(" secrets", StringComparison.Ordinal))
            {
                requests.Enqueue(request.VerbAndResource);
            }
        }))
        {
            await sandbox.ApplyAsync(ns, """
                apiVersion: media.airwave.dev/v1alpha1
                kind: LiveStream
                metadata: { name: workshop-a }
                spec: { state: Running, source: { type: RtmpPush }, playback: { encryption: { enabled: false } } }
                """);
            await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "Running");
            var toRunning = requests.ToList();
            await Eventually.MatchAsync(
                () => Task.FromResult(requests.Count(r => r == "update secrets")),
                writes => writes >= toRunning.Count(r => r == "update secrets") + 2,
                OperatorSandbox.Timeout,
                "two resyncs writing the Secret");

            // The key first, then the input's URLs once: the passes of the transition write only what changed.
            Assert.Equal(["create secrets", "update secrets"], toRunning);
            Assert.DoesNotContain(requests, r => r.StartsWith("get ", StringComparison.Ordinal) || r.StartsWith("list ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_key_edited_in_the_secret_is_put_back_and_status_never_shows_a_key()
    {
        var ns = await StartAsync("Running", "Running");
        var key = await SecretKeyAsync(ns);

        var edited = Convert.ToBase64String(Encoding.UTF8.GetBytes("my-own-key"));
        await sandbox.Kubectl.SucceedAsync("patch", "secret", "-n", ns, "workshop-a-ingest", "--type=merge", "-p", $$$"""{"data":{"streamKey":"{{{edited}}}"}}""");
        await Eventually.MatchAsync<string?>(() => SecretKeyAsync(ns), k => k == key, OperatorSandbox.Timeout, "the input's key back in the Secret");
        var stream = await sandbox.GetAsync(ns, "livestream", "workshop-a");
        var events = await EventsAsync(ns, "IngestSecretRestored");

        Assert.Equal(key, InputKey(ns));
        var status = stream!["status"]!.ToJsonString();
        Assert.DoesNotContain(key!, status, StringComparison.Ordinal);
        Assert.DoesNotContain("my-own-key", status, StringComparison.Ordinal);
        Assert.Matches(@"^rtmp://127\.0\.0\.1:\d+/live$", stream["status"]!["ingest"]!["primary"]!.GetValue<string>());
        Assert.Contains("was changed; it holds the stream key of input", Assert.Single(events)["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_stream_rotates_its_key_when_asked_and_the_old_one_stops_working()
    {
        var ns = await StartAsync("Stopped", "Idle");
        var key = await SecretKeyAsync(ns);

        await sandbox.Kubectl.SucceedAsync("annotate", "livestream", "-n", ns, "workshop-a", $"{Rotate}=first");
        var rotated = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => (string?)s?["status"]?["ingest"]?["keyRotation"] == "first", "keyRotation first");
        var newKey = await SecretKeyAsync(ns);
        // The same value again asks for nothing.
        await Task.Delay(3 * OperatorSandbox.ResyncInterval);
        var afterResyncs = await SecretKeyAsync(ns);
        var events = await EventsAsync(ns, "StreamKeyRotated");

        Assert.NotEqual(key, newKey);
        Assert.Equal(newKey, InputKey(ns));
        Assert.Equal(newKey, afterResyncs);
        Assert.Equal("Idle", Phase(rotated));
        Assert.Single(events);
        Assert.Empty(await EventsAsync(ns, "IngestSecretRestored"));
    }

    [Fact]
    public async Task A_running_stream_rotates_its_key_when_it_next_stops()
    {
        var ns = await StartAsync("Running", "Running");
        var key = await SecretKeyAsync(ns);

        await sandbox.Kubectl.SucceedAsync("annotate", "livestream", "-n", ns, "workshop-a", $"{Rotate}=leaked");
        var waiting = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => (string?)Condition(s, "UpdatePending")?["status"] == "True", "UpdatePending");
        var keyWhileRunning = await SecretKeyAsync(ns);
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => (string?)s?["status"]?["ingest"]?["keyRotation"] == "leaked", "keyRotation leaked");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Running"}}""");
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "Running again");
        var newKey = await SecretKeyAsync(ns);

        Assert.Contains("stream key is rotated when the stream next stops", Condition(waiting, "UpdatePending")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(key, keyWhileRunning);
        Assert.NotEqual(key, newKey);
        Assert.Equal(newKey, InputKey(ns));
    }

    [Fact]
    public async Task A_stream_applied_with_the_annotation_gets_one_key_and_no_rotation()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: workshop-a, annotations: { {{Rotate}}: "from-the-start" } }
            spec: { state: Stopped, source: { type: RtmpPush }, playback: { encryption: { enabled: false } } }
            """);
        var idle = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Idle", "Idle");
        await Task.Delay(2 * OperatorSandbox.ResyncInterval);

        Assert.Equal("from-the-start", (string?)idle!["status"]!["ingest"]!["keyRotation"]);
        Assert.Empty(await EventsAsync(ns, "StreamKeyRotated"));
        Assert.Equal(await SecretKeyAsync(ns), InputKey(ns));
    }

    [Fact]
    public async Task A_stream_applied_again_replaces_the_secret_its_deleted_predecessor_left()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        // What the garbage collector has not yet removed after `kubectl delete livestream workshop-a`.
        await sandbox.ApplyAsync(ns, """
            apiVersion: v1
            kind: Secret
            metadata:
              name: workshop-a-ingest
              ownerReferences:
              - { apiVersion: media.airwave.dev/v1alpha1, kind: LiveStream, name: workshop-a, uid: 2b8f6a7e-0000-4000-8000-000000000001, controller: true }
            stringData: { streamKey: the-old-streams-key }
            """);

        await sandbox.ApplyStreamAsync(ns, "workshop-a");
        var running = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "Running");
        var secret = await sandbox.GetAsync(ns, "secret", "workshop-a-ingest");

        Assert.Equal((string?)running!["metadata"]!["uid"], (string?)secret!["metadata"]!["ownerReferences"]![0]!["uid"]);
        Assert.NotEqual("the-old-streams-key", await SecretKeyAsync(ns));
        Assert.Equal(await SecretKeyAsync(ns), InputKey(ns));
    }

    private async Task<string> StartAsync(string state, string phase)
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: workshop-a }
            spec: { state: {{state}}, source: { type: RtmpPush }, playback: { encryption: { enabled: false } } }
            """);
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == phase, phase);
        await Eventually.MatchAsync<string?>(() => SecretKeyAsync(ns), k => k is not null, OperatorSandbox.Timeout, "the ingest Secret");
        return ns;
    }

    private async Task<string?> SecretKeyAsync(string ns)
    {
        var secret = await sandbox.GetAsync(ns, "secret", "workshop-a-ingest");
        return secret?["data"]?["streamKey"] is { } encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded.GetValue<string>())) : null;
    }

    /// <summary>The key the stream's input lets encoders in with: the last segment of its first destination.</summary>
    private string InputKey(string ns)
    {
        var input = Assert.Single(Aws.Inventory.Inputs, i => i.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns);
        return input.Destinations![0].Url!.Split('/')[^1];
    }

    private async Task<List<JsonNode>> EventsAsync(string ns, string reason)
    {
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", $"reason={reason}", "-o", "json");
        return [.. JsonNode.Parse(events)!["items"]!.AsArray().OfType<JsonNode>()];
    }
}
