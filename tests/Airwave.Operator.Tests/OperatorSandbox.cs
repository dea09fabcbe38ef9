using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Mux;
using Airwave.Sandbox;

namespace Airwave.Operator.Tests;

/// <summary>
/// The whole sandbox in-process — API server, AWS emulator with fast state changes, CRDs and operator —
/// driven with the real kubectl. Each test works in a namespace of its own. The operator runs as the sandbox's
/// admin, but a read of a Secret in a test's namespace fails the test class: the chart grants it none (its
/// permissions are proven in Airwave.Chart.Tests), so every scenario here shows it needs none.
/// </summary>
public class OperatorSandbox : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>How often the sandbox's operator reconciles every object again.</summary>
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(2);

    /// <summary>What the name of each namespace <see cref="CreateNamespaceAsync"/> makes begins with.</summary>
    public const string NamespacePrefix = "t-";

    public const string DefaultAllowedCidr = "198.51.100.0/24";

    /// <summary>Buckets streams may name besides the sandbox's archive bucket.</summary>
    public const string AllowedArchiveBuckets = "tenant-*-archive";

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("airwave-operator-tests-").FullName;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _secretReads = new();
    private IDisposable? _secretReadWatch;

    public SandboxHost Host { get; private set; } = null!;

    public Kubectl Kubectl { get; private set; } = null!;

    /// <summary>A client of the sandbox's Mux emulator, with its access token: to look at Mux as the operator left it.</summary>
    public MuxClient Mux { get; private set; } = null!;

    /// <summary>Where a test keeps its files (media it makes, for one); deleted with the sandbox.</summary>
    public string Directory => _directory;

    /// <summary>The Mux emulator's clock; a fixture for particular tests gives one it moves.</summary>
    protected virtual TimeProvider MuxTime => TimeProvider.System;

    /// <summary>The operator's clock; a fixture for particular tests gives one it moves ahead.</summary>
    protected virtual TimeProvider OperatorTime => TimeProvider.System;

    /// <summary>What the operator signs its AWS calls with; a fixture for particular tests gives credentials that expire.</summary>
    protected virtual ICredentialsProvider? OperatorCredentials => null;

    /// <summary>Whether running channels take RTMP pushes and record them (ffmpeg), for the tests that move media.</summary>
    protected virtual bool RunMedia => false;

    /// <summary>Settings a fixture for particular tests adds to the operator's.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings => [];

    public virtual async Task InitializeAsync()
    {
        Host = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                OperatorPort = 0,
                KubeconfigPath = Path.Combine(_directory, "sandbox.kubeconfig"),
                AwsTransitionDelay = TimeSpan.FromMilliseconds(200),
                OperatorPollInterval = TimeSpan.FromMilliseconds(100),
                OperatorResyncInterval = ResyncInterval,
                MuxTime = MuxTime,
                OperatorTime = OperatorTime,
                OperatorCredentials = OperatorCredentials,
                RunMedia = RunMedia,

                // Not the built-in 0.0.0.0/0, so tests see the installation's default apply.
                OperatorSettings = new Dictionary<string, string?>(MoreSettings)
                {
                    ["Operator:DefaultAllowedCidrs:0"] = DefaultAllowedCidr,
                    ["Operator:AllowedArchiveBuckets:0"] = AllowedArchiveBuckets,
                },
            },
            CancellationToken.None);
        Kubectl = new Kubectl(Host.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
        _secretReadWatch = Host.Kubernetes.Faults.Observe(request =>
        {
            if (request is { Resource: "secrets", Verb: "get" or "list" or "watch", Namespace: { } ns } && ns.StartsWith(NamespacePrefix, StringComparison.Ordinal) && request.IsFrom("airwave-operator"))
            {
                _secretReads.Enqueue($"{request.Verb} secret {ns}/{request.Name}");
            }
        });
        Mux = new MuxClient(
            new HttpClient(),
            new MuxClientOptions { BaseAddress = Host.Mux!.BaseAddress, BaseDelay = TimeSpan.FromMilliseconds(10) },
            new MuxCredentials(Host.Mux.Options.TokenId, Host.Mux.Options.TokenSecret));
    }

    /// <summary>Applies a manifest to the namespace and fails, with kubectl's words, unless kubectl accepts it.</summary>
    public async Task ApplyAsync(string @namespace, string manifest)
    {
        var applied = await Kubectl.RunWithInputAsync(manifest, ["apply", "-n", @namespace, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    /// <summary>Asks the webhook service for a LiveStream's (or, by <paramref name="kind"/>, a VideoAsset's) playback token, as an app backend does, with a service account's bearer token.</summary>
    public async Task<HttpResponseMessage> AskPlaybackTokenAsync(HttpClient http, string bearer, string @namespace, string name, int expiresInSeconds = 600, string kind = "LiveStream")
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.MuxCallbackUrl!, "/v1/playback-tokens"))
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { kind, @namespace, name, expiresInSeconds }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return await http.SendAsync(request);
    }

    /// <summary>Service accounts in <paramref name="namespace"/>: one allowed to get LiveStream (or <paramref name="resource"/>) <paramref name="name"/>, one that is not; their bearer tokens.</summary>
    public async Task<(string Allowed, string Stranger)> PlaybackCallersAsync(string @namespace, string name, string resource = "livestreams.media.airwave.dev")
    {
        await Kubectl.SucceedAsync("create", "serviceaccount", "player", "-n", @namespace);
        await Kubectl.SucceedAsync("create", "serviceaccount", "stranger", "-n", @namespace);
        await Kubectl.SucceedAsync("create", "role", $"watch-{name}", "-n", @namespace, "--verb=get", $"--resource={resource}", $"--resource-name={name}");
        await Kubectl.SucceedAsync("create", "rolebinding", $"player-watches-{name}", "-n", @namespace, $"--role=watch-{name}", $"--serviceaccount={@namespace}:player");
        return (
            (await Kubectl.SucceedAsync("create", "token", "player", "-n", @namespace, "--audience=airwave-playback")).Trim(),
            (await Kubectl.SucceedAsync("create", "token", "stranger", "-n", @namespace, "--audience=airwave-playback")).Trim());
    }

    public async Task<string> CreateNamespaceAsync()
    {
        var name = NamespacePrefix + Guid.NewGuid().ToString("N")[..10];
        await Kubectl.SucceedAsync("create", "namespace", name);
        return name;
    }

    /// <summary>
    /// Applies a running RTMP LiveStream with unencrypted playback (no SPEKE server needed), with
    /// <paramref name="moreSpec"/> (YAML lines at the spec's indentation) added to its spec.
    /// </summary>
    public async Task ApplyStreamAsync(string @namespace, string name, string moreSpec = "")
    {
        var applied = await Kubectl.RunWithInputAsync($$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: {{name}} }
            spec:
              state: Running
              source: { type: RtmpPush }
              playback: { encryption: { enabled: false } }
              {{moreSpec}}
            """, ["apply", "-n", @namespace, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    /// <summary>The object as `kubectl get -o json` shows it, or null once it is gone.</summary>
    public async Task<JsonNode?> GetAsync(string @namespace, string resource, string name)
    {
        var result = await Kubectl.RunAsync("get", resource, name, "-n", @namespace, "-o", "json", "--ignore-not-found");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim().Length == 0 ? null : JsonNode.Parse(result.StandardOutput);
    }

    public Task<JsonNode?> WaitForAsync(string @namespace, string resource, string name, Func<JsonNode?, bool> condition, string what) =>
        Eventually.MatchAsync(() => GetAsync(@namespace, resource, name), condition, Timeout, what);

    /// <summary>Waits for an Event of this reason about the object named <paramref name="name"/>, as `kubectl get events` lists them.</summary>
    public Task WaitForEventAsync(string @namespace, string name, string reason) =>
        Eventually.MatchAsync(
            async () => JsonNode.Parse(await Kubectl.SucceedAsync("get", "events", "-n", @namespace, "-o", "json"))!["items"]!.AsArray(),
            items => items.Any(e => (string?)e!["reason"] == reason && (string?)e["involvedObject"]?["name"] == name),
            Timeout,
            $"a {reason} event about {name}");

    public virtual async Task DisposeAsync()
    {
        _secretReadWatch?.Dispose();
        await Host.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
        Assert.True(_secretReads.IsEmpty, $"the operator read Secrets of a team's namespace, which the chart does not let it: {string.Join(", ", _secretReads.Distinct())}");
    }
}
