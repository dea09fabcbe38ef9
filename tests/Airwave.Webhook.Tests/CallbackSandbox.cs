using System.Text.Json.Nodes;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Kubernetes.Hosting;
using Airwave.Testing.Downstream;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Airwave.Webhook.Tests;

/// <summary>
/// The sandbox with Mux's webhooks pointed at the webhook service, and an operator that would not look at a waiting
/// upload again for ten minutes: whatever happens sooner, a callback caused.
/// </summary>
public sealed class CallbackSandbox : IAsyncLifetime
{
    public const int CallbacksPerSecond = 20;

    /// <summary>The installation's archive bucket as the webhook is told it; tenant-*-archive buckets are allowed too.</summary>
    public const string ArchiveBucket = "team-archive";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A page allowed to report views of external streams.</summary>
    public const string ExternalOrigin = "https://site.example";

    /// <summary>How long a view without a beacon stays open here.</summary>
    public static readonly TimeSpan ViewIdleTimeout = TimeSpan.FromSeconds(3);

    private const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("airwave-webhook-tests-").FullName;

    public SandboxHost Host { get; private set; } = null!;

    public WebApplication Webhook { get; private set; } = null!;

    public Kubectl Kubectl { get; private set; } = null!;

    /// <summary>Where Mux's webhooks arrive here: not the default path, as a migrated installation keeps its own.</summary>
    public const string MuxStatusPath = "/video/webhook/status/";

    /// <summary>The public port's URL of Mux's webhooks.</summary>
    public Uri CallbackUrl { get; private set; } = null!;

    /// <summary>Where the webhook sends its traces.</summary>
    public OtlpCollector Traces { get; private set; } = null!;

    public Uri ManagementUrl { get; private set; } = null!;

    /// <summary>The downstream service the operator delivers events to, the webhook's views among them.</summary>
    public Receiver Downstream { get; private set; } = null!;

    /// <summary>The admission port's /validate, served with <see cref="AdmissionCertificates"/>'s loopback certificate.</summary>
    public Uri AdmissionUrl { get; private set; } = null!;

    public SandboxCertificates AdmissionCertificates { get; } = SandboxCertificates.Create(DateTimeOffset.UtcNow);

    public string AdmissionCertificateFile => Path.Combine(_directory, "tls.crt");

    public string AdmissionKeyFile => Path.Combine(_directory, "tls.key");

    public string Directory => _directory;

    public async Task InitializeAsync()
    {
        var callbackPort = LoopbackPorts.Reserve();
        var managementPort = LoopbackPorts.Reserve();
        // Mux calls the path an earlier VOD service's action map gave its status webhook: the service is told to take it there.
        CallbackUrl = new Uri($"http://127.0.0.1:{callbackPort}{MuxStatusPath}");
        ManagementUrl = new Uri($"http://127.0.0.1:{managementPort}/");
        var admissionPort = LoopbackPorts.Reserve();
        AdmissionUrl = new Uri($"https://127.0.0.1:{admissionPort}/validate");
        AdmissionCertificates.WriteServerPem(AdmissionCertificateFile, AdmissionKeyFile);
        Traces = await OtlpCollector.StartAsync();
        Downstream = await Receiver.StartAsync();
        Downstream.Secrets = [SigningSecret];
        var downstream = new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = Downstream.Url.ToString(),
            ["DOWNSTREAM_SERVICE_BATCH_SIZE"] = "1",
            ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = SigningSecret,
            ["Downstream:Namespace"] = "default",
            // The webhook only records its events; the operator's leader looks for them this often.
            ["Downstream:PollInterval"] = "00:00:00.2",
        };
        Host = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                OperatorPort = 0,
                KubeconfigPath = Path.Combine(_directory, "sandbox.kubeconfig"),
                MuxWebhookUrls = [CallbackUrl],
                OperatorPollInterval = TimeSpan.FromMilliseconds(100),

                // Running channels take pushes and encode their ladder, for players to play streams.
                RunMedia = true,
                OperatorResyncInterval = TimeSpan.FromMinutes(10),
                OperatorSettings = new Dictionary<string, string?>(downstream) { ["Mux:UploadPollInterval"] = "10m" },
            },
            CancellationToken.None);
        Kubectl = new Kubectl(Host.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
        Webhook = WebhookHost.Build(configure: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(downstream)
        {
            ["Kubernetes:Kubeconfig"] = Host.KubeconfigPath,
            [WebhookSettings.SecretVariable] = Host.Mux!.Options.WebhookSecret,
            ["Webhook:BindAddress"] = "127.0.0.1",
            ["Webhook:MuxCallbackPath"] = MuxStatusPath,
            ["Webhook:CallbackPort"] = callbackPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:ManagementPort"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:CallbacksPerSecond"] = CallbacksPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:AdmissionPort"] = admissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:AdmissionCertificateFile"] = AdmissionCertificateFile,
            ["Webhook:AdmissionKeyFile"] = AdmissionKeyFile,
            ["Operator:ArchiveBucket"] = ArchiveBucket,
            ["Operator:AllowedArchiveBuckets:0"] = "tenant-*-archive",
            ["Webhook:Views:IdleTimeout"] = ViewIdleTimeout.ToString(),
            ["Webhook:Views:HeartbeatInterval"] = "00:00:01",
            ["Webhook:Views:ExternalOrigins:0"] = ExternalOrigin,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Traces.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        }));
        await Webhook.StartAsync();
    }

    /// <summary>Uploads <paramref name="file"/> (a 2-second clip when null) to the example's VideoAsset intro in <paramref name="ns"/>, as a browser would, and waits until it is Ready.</summary>
    public async Task UploadIntroAsync(string ns, string? file = null)
    {
        var uploadUrl = await Eventually.MatchAsync(
            () => Kubectl.SucceedAsync("get", "videoasset", "intro", "-n", ns, "-o", "jsonpath={.status.uploadUrl}"), url => url.Length > 0, Timeout, "an upload URL");
        using (var http = new HttpClient())
        using (var put = await http.PutAsync(new Uri(uploadUrl), new ByteArrayContent(await File.ReadAllBytesAsync(file ?? await TestMedia.ClipAsync(Directory)))))
        {
            put.EnsureSuccessStatusCode();
        }

        await Eventually.MatchAsync(
            () => Kubectl.SucceedAsync("get", "videoasset", "intro", "-n", ns, "-o", "jsonpath={.status.phase}"), phase => phase == "Ready", Timeout, "intro Ready");
    }

    /// <summary>The first CloudEvent of <paramref name="type"/> the downstream service received that <paramref name="matches"/>, once it has.</summary>
    public Task<JsonObject> DownstreamEventAsync(string type, Func<JsonObject, bool> matches) =>
        Eventually.MatchAsync(
            () => Downstream.Events.FirstOrDefault(e => (string?)e["type"] == type && matches(e)),
            e => e is not null,
            Timeout,
            $"a {type} event at the downstream service")!;

    public async Task<string> CreateNamespaceAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        await Kubectl.SucceedAsync("create", "namespace", name);
        return name;
    }

    public async Task DisposeAsync()
    {
        await Webhook.StopAsync();
        await Webhook.DisposeAsync();
        await Host.DisposeAsync();
        await Downstream.DisposeAsync();
        await Traces.DisposeAsync();
        AdmissionCertificates.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
