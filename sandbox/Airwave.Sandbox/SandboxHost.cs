using System.Globalization;
using Airwave.Aws.Credentials;
using Airwave.Kubernetes.Client;
using Airwave.Operator.Hosting;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Kubernetes;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Mux;
using Airwave.Sandbox.OperatorInPod;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Airwave.Sandbox;

/// <summary>
/// The sandbox: the Kubernetes API server, and unless <see cref="SandboxOptions.ApiOnly"/> the AWS media
/// emulator, the Mux emulator, the Airwave CRDs and (unless <see cref="SandboxOptions.NoOperator"/>) the operator wired to both —
/// everything on loopback, in one process.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string ArchiveBucket = "airwave-sandbox-archive";
    public const string MediaLiveRoleArn = "arn:aws:iam::123456789012:role/AirwaveSandboxMediaLive";

    /// <summary>The role S3Upload streams' credentials are issued for (the emulated STS lets any role of the account be assumed).</summary>
    public const string UploadRoleArn = "arn:aws:iam::123456789012:role/AirwaveSandboxUpload";

    private readonly SandboxOptions _options;

    private SandboxHost(SandboxOptions options, KubernetesApiServer kubernetes, string kubeconfigPath, AwsEmulator? aws, WebApplication? @operator)
    {
        _options = options;
        Kubernetes = kubernetes;
        KubeconfigPath = kubeconfigPath;
        Aws = aws;
        Operator = @operator;
    }

    public KubernetesApiServer Kubernetes { get; }

    public AwsEmulator? Aws { get; }

    /// <summary>The Mux emulator (video uploads, assets, playback, webhooks), beside the AWS one.</summary>
    public MuxEmulator? Mux { get; private init; }

    public WebApplication? Operator { get; private set; }

    /// <summary>The webhook service, which Mux's callbacks reach; it runs with the operator.</summary>
    public WebApplication? Webhook { get; private set; }

    /// <summary>With <see cref="SandboxOptions.Admission"/>, the webhook service's admission endpoint and its registration.</summary>
    private SandboxAdmission? Admission { get; init; }

    /// <summary>Where the Mux emulator delivers its callbacks to the webhook service.</summary>
    public Uri? MuxCallbackUrl { get; private init; }

    public string KubeconfigPath { get; }

    /// <summary>With <see cref="SandboxOptions.NoOperator"/>, the `--config` file for an operator run by hand.</summary>
    public string? OperatorConfigPath { get; private init; }

    /// <summary>Where the operator serves its probes and metrics: the built-in one's address, or its pod's.</summary>
    public Uri? OperatorAddress => Operator is null ? OperatorPodAddress : new Uri(Operator.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>With <see cref="SandboxOptions.OperatorInPod"/>, the address of the operator's pod.</summary>
    private Uri? OperatorPodAddress { get; init; }

    /// <summary>"name: URL" lines for the ready message.</summary>
    public IEnumerable<(string Name, string Url)> Endpoints
    {
        get
        {
            yield return ("Kubernetes API", Kubernetes.BaseAddress.GetLeftPart(UriPartial.Authority));
            if (Aws is not null)
            {
                yield return ("AWS endpoint", Aws.BaseAddress.GetLeftPart(UriPartial.Authority));
            }

            if (Mux is not null)
            {
                yield return ("Mux API", Mux.BaseAddress.GetLeftPart(UriPartial.Authority));
            }

            if (Webhook is not null && MuxCallbackUrl is not null)
            {
                yield return ("Mux callbacks", MuxCallbackUrl.ToString());
                yield return ("Playback tokens (webhook service)", new Uri(MuxCallbackUrl, "/v1/playback-tokens").ToString());
                yield return ("Upload stream start and stop (webhook service)", new Uri(MuxCallbackUrl, "/stream/start/").ToString());
            }

            if (Admission is not null)
            {
                yield return ($"Admission webhook (ValidatingWebhookConfiguration {SandboxAdmission.ConfigurationName})", Admission.Url.ToString());
            }

            if (OperatorAddress is { } address)
            {
                yield return ("Operator metrics", new Uri(address, "/metrics").ToString());
                yield return ("Operator health", new Uri(address, "/readyz").ToString());
            }
        }
    }

    /// <exception cref="PortInUseException">A port the options name is taken; nothing is written.</exception>
    public static async Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runsOperator = !options.ApiOnly && !options.NoOperator;
        if (runsOperator)
        {
            // The operator and the webhook service start last, reading the kubeconfig; find out now that their ports
            // are taken, before anything is written.
            PortInUseException.ThrowIfTaken(nameof(SandboxOptions.OperatorPort), options.OperatorPort);
            PortInUseException.ThrowIfTaken(nameof(SandboxOptions.WebhookPort), options.WebhookPort);
        }

        // The operator counts viewers at the webhook service's management port, and Mux and MediaPackage's key provider
        // learn the webhook service's address when they start: both ports are settled first.
        var webhookManagementPort = LoopbackPorts.Reserve();
        var callbackUrl = runsOperator ? new Uri($"http://127.0.0.1:{(options.WebhookPort == 0 ? LoopbackPorts.Reserve() : options.WebhookPort).ToString(CultureInfo.InvariantCulture)}/callbacks/mux") : null;
        options = options with { OperatorSettings = SandboxOperatorSettings.Settled(options, webhookManagementPort, callbackUrl) };
        var keyProvider = SandboxKeyProvider.New();

        var kubernetes = await PortInUseException.WhenTakenAsync(
            nameof(SandboxOptions.KubePort),
            options.KubePort,
            () => KubernetesApiServer.StartAsync(new KubernetesApiServerOptions
            {
                Port = options.KubePort,
                Https = options.Https,
                Kubelet = new KubeletOptions { Images = SandboxImages.For(options) },
            }, cancellationToken));

        // A stream's pods find each other by their Service's name in the cluster DNS; without it they cannot relay.
        if (kubernetes.ClusterDns is null && !options.OperatorSettings.ContainsKey("Operator:Sfu:PeersHost"))
        {
            options = options with { OperatorSettings = new Dictionary<string, string?>(options.OperatorSettings, StringComparer.Ordinal) { ["Operator:Sfu:PeersHost"] = "" } };
        }

        AwsEmulator? aws = null;
        MuxEmulator? mux = null;
        try
        {
            if (!options.ApiOnly)
            {
                aws = await PortInUseException.WhenTakenAsync(
                    nameof(SandboxOptions.AwsPort),
                    options.AwsPort,
                    () => AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = options.AwsPort, TransitionDelay = options.AwsTransitionDelay, RunMedia = options.RunMedia, SpekeGatewayHeaders = keyProvider.GatewayHeaders }, cancellationToken));

                // The bucket the operator archives to unless a stream names another, and the one VideoAssets on AWS go to.
                aws.CreateBucket(ArchiveBucket);
                aws.CreateBucket(aws.Options.VideoBucket);
                mux = await PortInUseException.WhenTakenAsync(
                    nameof(SandboxOptions.MuxPort),
                    options.MuxPort,
                    () => MuxEmulator.StartAsync(new MuxEmulatorOptions { Port = options.MuxPort, Time = options.MuxTime, WebhookUrls = [.. callbackUrl is null ? [] : new[] { callbackUrl }, .. options.MuxWebhookUrls] }, cancellationToken));
            }

            var kubeconfig = kubernetes.WriteKubeconfig(options.KubeconfigPath);
            if (aws is null)
            {
                return new SandboxHost(options, kubernetes, kubeconfig, null, null);
            }

            using var client = new KubernetesClient(KubernetesAccess.Configuration(kubeconfig));
            await CrdInstaller.InstallAsync(client, cancellationToken);
            if (runsOperator)
            {
                await keyProvider.InstallAsync(client, cancellationToken);
            }
            if (options.OperatorInPod && !options.NoOperator)
            {
                var port = options.OperatorPort == 0 ? LoopbackPorts.Reserve() : options.OperatorPort;
                await OperatorChart.InstallAsync(client, aws, mux!, port, cancellationToken);
                var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
                await OperatorChart.WaitReadyAsync(client, cancellationToken);
                var (podWebhook, podAdmission) = await SandboxWebhook.StartAsync(options, kubeconfig, aws, mux!, callbackUrl!, webhookManagementPort, client, cancellationToken);
                return new SandboxHost(options, kubernetes, kubeconfig, aws, null) { OperatorPodAddress = address, Mux = mux, Webhook = podWebhook, Admission = podAdmission, MuxCallbackUrl = callbackUrl };
            }

            if (options.NoOperator)
            {
                return new SandboxHost(options, kubernetes, kubeconfig, aws, null) { OperatorConfigPath = SandboxOperatorSettings.WriteConfigFile(options, kubeconfig, aws, mux!), Mux = mux };
            }

            var @operator = BuildOperator(options, new OperatorIdentity(kubeconfig, "default"), aws, mux!);
            await @operator.StartAsync(cancellationToken);
            var (webhook, admission) = await SandboxWebhook.StartAsync(options, kubeconfig, aws, mux!, callbackUrl!, webhookManagementPort, client, cancellationToken);
            return new SandboxHost(options, kubernetes, kubeconfig, aws, @operator) { Mux = mux, Webhook = webhook, Admission = admission, MuxCallbackUrl = callbackUrl };
        }
        catch
        {
            if (mux is not null)
            {
                await mux.DisposeAsync();
            }

            if (aws is not null)
            {
                await aws.DisposeAsync();
            }

            await kubernetes.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Replaces the operator with a fresh instance, as a crash and restart would: the old one is stopped
    /// without a grace period, and the new one starts from empty caches and reads everything back.
    /// </summary>
    /// <param name="runAs">A new identity for the operator, e.g. a service account's kubeconfig; the sandbox admin when null.</param>
    public async Task RestartOperatorAsync(CancellationToken cancellationToken, OperatorIdentity? runAs = null)
    {
        var old = Operator ?? throw new InvalidOperationException("the sandbox runs no operator of its own (--api-only, --no-operator or --operator-in-pod)");
        using (var abrupt = new CancellationTokenSource())
        {
            await abrupt.CancelAsync();
            await old.StopAsync(abrupt.Token);
        }

        await old.DisposeAsync();
        Operator = BuildOperator(_options, runAs ?? new OperatorIdentity(KubeconfigPath, "default"), Aws!, Mux!);
        await Operator.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Webhook is not null)
        {
            await Webhook.StopAsync();
            await Webhook.DisposeAsync();
        }

        Admission?.Dispose();

        if (Operator is not null)
        {
            await Operator.StopAsync();
            await Operator.DisposeAsync();
        }

        if (Mux is not null)
        {
            await Mux.DisposeAsync();
        }

        if (Aws is not null)
        {
            await Aws.DisposeAsync();
        }

        await Kubernetes.DisposeAsync();
    }

    private static WebApplication BuildOperator(SandboxOptions options, OperatorIdentity identity, AwsEmulator aws, MuxEmulator mux) =>
        OperatorHost.Build(configure: builder =>
        {
            builder.Configuration.AddInMemoryCollection(SandboxOperatorSettings.For(options, identity, aws, mux));
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = $"http://127.0.0.1:{options.OperatorPort}",
                ["Kubernetes:Kubeconfig"] = identity.KubeconfigPath,
                ["Operator:NamespaceAccessController"] = identity.NamespaceAccessController,
            });
            builder.Configuration.AddInMemoryCollection((identity.WatchNamespaces ?? []).Select((name, i) => KeyValuePair.Create($"Operator:WatchNamespaces:{i}", (string?)name)));
            builder.Configuration.AddInMemoryCollection(options.OperatorSettings);
            builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialsProvider>(options.OperatorCredentials ?? new StaticCredentialsProvider(aws.Options.Credentials)));
            builder.Services.Replace(ServiceDescriptor.Singleton(options.OperatorTime));

            SandboxLogging.Readable(builder.Logging);
        });
}
