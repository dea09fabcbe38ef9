using Airwave.Aws.Credentials;

namespace Airwave.Sandbox;

/// <summary>What the sandbox command was asked to run.</summary>
public sealed record SandboxOptions
{
    /// <summary>Port of the Kubernetes API server on 127.0.0.1; 0 picks a free one.</summary>
    public int KubePort { get; init; } = 6443;

    /// <summary>Port of the AWS media emulator on 127.0.0.1; 0 picks a free one.</summary>
    public int AwsPort { get; init; } = 4566;

    /// <summary>Port of the Mux emulator on 127.0.0.1; 0 (the default) picks a free one, printed when ready.</summary>
    public int MuxPort { get; init; }

    /// <summary>The Mux emulator's clock (upload timeouts, token expiry, webhook timestamps); tests move it by hand.</summary>
    public TimeProvider MuxTime { get; init; } = TimeProvider.System;

    /// <summary>The operator's clock (deadlines it keeps, such as a direct upload's expiry); tests move it ahead.</summary>
    public TimeProvider OperatorTime { get; init; } = TimeProvider.System;

    /// <summary>What the operator signs its AWS calls with; unset, the AWS emulator's account key.</summary>
    public ICredentialsProvider? OperatorCredentials { get; init; }

    /// <summary>Loopback URLs the Mux emulator delivers its webhooks to.</summary>
    public IReadOnlyList<Uri> MuxWebhookUrls { get; init; } = [];

    /// <summary>
    /// Port of the operator's probe (and metrics) endpoints on 127.0.0.1; 0 (the default) picks a free one, so the
    /// sandbox never takes 8080, where kubectl looks for a cluster when it has no kubeconfig.
    /// </summary>
    public int OperatorPort { get; init; }

    /// <summary>
    /// Port of the webhook service's callbacks on 127.0.0.1, where the Mux emulator sends its events; 0 (the default)
    /// picks a free one, printed when ready. It runs whenever the operator does.
    /// </summary>
    public int WebhookPort { get; init; }

    public string KubeconfigPath { get; init; } = "./sandbox.kubeconfig";

    /// <summary>Serve the Kubernetes API alone: no AWS emulator, no CRDs, no operator.</summary>
    public bool ApiOnly { get; init; }

    /// <summary>Serve the API server, the CRDs and the AWS emulator, but run no operator: bring your own build or debugger.</summary>
    public bool NoOperator { get; init; }

    /// <summary>
    /// Run the operator as a cluster does, from the Helm chart: its Deployment's pod, run by the sandbox's kubelet with
    /// the chart's ServiceAccount, instead of inside the sandbox's own process.
    /// </summary>
    public bool OperatorInPod { get; init; }

    /// <summary>
    /// Serve the Kubernetes API over HTTPS with a certificate from a CA made up for the run, which the kubeconfig
    /// carries: as a cluster does, and as some clients (the JavaScript client) insist on.
    /// </summary>
    public bool Https { get; init; } = true;

    /// <summary>A JSON file of more images the kubelet can run (see <see cref="Kubernetes.Pods.ImageMap"/>); null: the built-in ones only.</summary>
    public string? ImageMapPath { get; init; }

    /// <summary>
    /// Whether running MediaLive channels take RTMP pushes on their input URLs and archive them to the emulated S3
    /// (ffmpeg processes). The sandbox command turns it on; tests that only move resources leave it off.
    /// </summary>
    public bool RunMedia { get; init; }

    /// <summary>
    /// Whether the webhook service also validates the three kinds for the API server, registered as a cluster's chart
    /// would register it, so a bad manifest is refused at `kubectl apply`. The sandbox command turns it on; tests of
    /// the operator's own checks (what gets past admission) leave it off.
    /// </summary>
    public bool Admission { get; init; }

    /// <summary>How long the emulated AWS resources take between states (CREATING → IDLE and so on).</summary>
    public TimeSpan AwsTransitionDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How soon the operator looks again at a resource in transition.</summary>
    public TimeSpan OperatorPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the operator compares a settled stream with AWS, repairing what was changed outside it.</summary>
    public TimeSpan OperatorResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>More operator settings (e.g. DOWNSTREAM_SERVICE_*), applied over the sandbox's own.</summary>
    public IReadOnlyDictionary<string, string?> OperatorSettings { get; init; } = new Dictionary<string, string?>();
}
