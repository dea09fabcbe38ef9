using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Kubernetes.Hosting;
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

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("airwave-webhook-tests-").FullName;

    public SandboxHost Host { get; private set; } = null!;

    public WebApplication Webhook { get; private set; } = null!;

    public Kubectl Kubectl { get; private set; } = null!;

    public Uri CallbackUrl { get; private set; } = null!;

    /// <summary>Where the webhook sends its traces.</summary>
    public OtlpCollector Traces { get; private set; } = null!;

    public Uri ManagementUrl { get; private set; } = null!;

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
        CallbackUrl = new Uri($"http://127.0.0.1:{callbackPort}/callbacks/mux");
        ManagementUrl = new Uri($"http://127.0.0.1:{managementPort}/");
        var admissionPort = LoopbackPorts.Reserve();
        AdmissionUrl = new Uri($"https://127.0.0.1:{admissionPort}/validate");
        AdmissionCertificates.WriteServerPem(AdmissionCertificateFile, AdmissionKeyFile);
        Traces = await OtlpCollector.StartAsync();
        Host = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                OperatorPort = 0,
                KubeconfigPath = Path.Combine(_directory, "sandbox.kubeconfig"),
                MuxWebhookUrls = [CallbackUrl],
                OperatorPollInterval = TimeSpan.FromMilliseconds(100),
                OperatorResyncInterval = TimeSpan.FromMinutes(10),
                OperatorSettings = new Dictionary<string, string?> { ["Mux:UploadPollInterval"] = "10m" },
            },
            CancellationToken.None);
        Kubectl = new Kubectl(Host.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
        Webhook = WebhookHost.Build(configure: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kubernetes:Kubeconfig"] = Host.KubeconfigPath,
            [WebhookSettings.SecretVariable] = Host.Mux!.Options.WebhookSecret,
            ["Webhook:BindAddress"] = "127.0.0.1",
            ["Webhook:CallbackPort"] = callbackPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:ManagementPort"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:CallbacksPerSecond"] = CallbacksPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:AdmissionPort"] = admissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook:AdmissionCertificateFile"] = AdmissionCertificateFile,
            ["Webhook:AdmissionKeyFile"] = AdmissionKeyFile,
            ["Operator:ArchiveBucket"] = ArchiveBucket,
            ["Operator:AllowedArchiveBuckets:0"] = "tenant-*-archive",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Traces.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        }));
        await Webhook.StartAsync();
    }

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
        await Traces.DisposeAsync();
        AdmissionCertificates.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
