using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Api.Validation;
using Airwave.Aws.Credentials;
using Airwave.Kubernetes.Client;
using Airwave.Operator.Configuration;
using Airwave.Operator.Hosting;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Kubernetes;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Mux;
using Airwave.Sandbox.OperatorInPod;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

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

    /// <summary>The operator's image (the Dockerfile's `operator` target), whose pods run <see cref="ProgramBuild.Operator"/>.</summary>
    public const string OperatorImage = "airwave/operator";
    public const string WebhookImage = "airwave/webhook";
    public const string SignalingImage = "airwave/signaling";
    public const string SfuImage = "airwave/sfu";
    public const string ConnectorImage = "airwave/connector";
    public const string TranscoderImage = "airwave/transcoder";

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

        options = options with { OperatorSettings = WithSfuPorts(options.OperatorSettings) };

        // The operator counts viewers at the webhook service's management port, so that port is settled first too;
        // it counts every second, as often as it may.
        var webhookManagementPort = LoopbackPorts.Reserve();
        if (runsOperator)
        {
            var settings = new Dictionary<string, string?>(SandboxWebhookEndpoints.OperatorSettings(webhookManagementPort, TimeSpan.FromSeconds(1)), StringComparer.Ordinal);
            foreach (var (key, value) in options.OperatorSettings)
            {
                settings[key] = value;
            }

            options = options with { OperatorSettings = settings };
        }

        // Mux learns where to send its callbacks when it starts, so the webhook service's port is settled first.
        var callbackUrl = runsOperator ? new Uri($"http://127.0.0.1:{(options.WebhookPort == 0 ? LoopbackPorts.Reserve() : options.WebhookPort).ToString(CultureInfo.InvariantCulture)}/callbacks/mux") : null;

        // So does MediaPackage's key provider, the webhook service's; settings given win.
        var keyProvider = SandboxKeyProvider.New();
        if (callbackUrl is not null && !options.OperatorInPod)
        {
            options = options with { OperatorSettings = new Dictionary<string, string?>([.. SandboxKeyProvider.OperatorSettings(callbackUrl).Where(s => !options.OperatorSettings.ContainsKey(s.Key)), .. options.OperatorSettings], StringComparer.Ordinal) };
        }

        var kubernetes = await PortInUseException.WhenTakenAsync(
            nameof(SandboxOptions.KubePort),
            options.KubePort,
            () => KubernetesApiServer.StartAsync(new KubernetesApiServerOptions
            {
                Port = options.KubePort,
                Https = options.Https,
                Kubelet = new KubeletOptions { Images = Images(options) },
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
                var (podWebhook, podAdmission) = await StartWebhookAsync(options, kubeconfig, aws, mux!, callbackUrl!, webhookManagementPort, client, cancellationToken);
                return new SandboxHost(options, kubernetes, kubeconfig, aws, null) { OperatorPodAddress = address, Mux = mux, Webhook = podWebhook, Admission = podAdmission, MuxCallbackUrl = callbackUrl };
            }

            if (options.NoOperator)
            {
                return new SandboxHost(options, kubernetes, kubeconfig, aws, null) { OperatorConfigPath = WriteOperatorConfig(options, kubeconfig, aws, mux!), Mux = mux };
            }

            var @operator = BuildOperator(options, new OperatorIdentity(kubeconfig, "default"), aws, mux!);
            await @operator.StartAsync(cancellationToken);
            var (webhook, admission) = await StartWebhookAsync(options, kubeconfig, aws, mux!, callbackUrl!, webhookManagementPort, client, cancellationToken);
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

    /// <summary>
    /// The webhook service, as its image runs it, verifying callbacks with the Mux emulator's webhook secret, listed
    /// where the operator finds it (<see cref="SandboxWebhookEndpoints"/>); with <see cref="SandboxOptions.Admission"/>,
    /// also validating the three kinds, registered through <paramref name="client"/>.
    /// </summary>
    private static async Task<(WebApplication Webhook, SandboxAdmission? Admission)> StartWebhookAsync(SandboxOptions options, string kubeconfig, AwsEmulator aws, MuxEmulator mux, Uri callbackUrl, int managementPort, KubernetesClient client, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kubernetes:Kubeconfig"] = kubeconfig,
            [WebhookSettings.SecretVariable] = mux.Options.WebhookSecret,
            ["Webhook:BindAddress"] = "127.0.0.1",
            ["Webhook:CallbackPort"] = callbackUrl.Port.ToString(CultureInfo.InvariantCulture),
            ["Webhook:ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),

            // Uploaded playlists are read from the emulated S3 and served on the callback port.
            ["Webhook:PublicUrl"] = new Uri(callbackUrl, "/").ToString(),
            ["Aws:Region"] = aws.Options.Region,
            ["Aws:EndpointUrl"] = aws.BaseAddress.ToString(),

            // Video files past one PUT's 5 GB go to the operator's video bucket in parts.
            ["Webhook:VideoUploads:Bucket"] = aws.Options.VideoBucket,
            ["Webhook:VideoUploads:SignedKeyPrefix"] = aws.Options.SignedVideoKeyPrefix,
            ["Webhook:SignedVideos:PlaybackBaseUrl"] = aws.EdgeAddress(aws.Options.VideoDistributionId).ToString(),

            // App backends start and stop upload streams at /stream/start and /stream/stop, with the operator's role.
            ["Webhook:StreamApi:Enabled"] = "true",
            ["Operator:Upload:RoleArn"] = UploadRoleArn,
        };

        // Admission refuses the buckets and meeting hosts the operator would: the same settings.
        foreach (var (key, value) in InstallationPolicy(aws))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in options.OperatorSettings.Where(s => s.Key.StartsWith("Operator:ArchiveBucket", StringComparison.Ordinal) || s.Key.StartsWith("Operator:AllowedArchiveBuckets", StringComparison.Ordinal) || s.Key.StartsWith("Operator:Clips:Bucket", StringComparison.Ordinal) || s.Key == "Operator:Upload:RoleArn" || s.Key.StartsWith("Operator:StreamApiKeyNamespaces", StringComparison.Ordinal) || s.Key.StartsWith(AllowedMeetingHosts, StringComparison.Ordinal)))
        {
            settings[key] = value;
        }

        var admission = options.Admission ? SandboxAdmission.Prepare(settings) : null;
        var webhook = WebhookHost.Build(configure: builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<ICredentialsProvider>(new StaticCredentialsProvider(aws.Options.Credentials));
            ReadableLog(builder.Logging);
        });
        await PlaybackSigningKey.InstallAsync(client, aws, cancellationToken);
        await webhook.StartAsync(cancellationToken);
        await SandboxWebhookEndpoints.RegisterAsync(client, managementPort, cancellationToken);
        if (admission is not null)
        {
            await admission.RegisterAsync(client, cancellationToken);
        }

        return (webhook, admission);
    }

    /// <summary>
    /// Airwave's own images, one per Dockerfile target, as this build: the files the Dockerfile puts in /app are each
    /// program's <see cref="ProgramBuild"/> directory (its native publish, or the sandbox's own directory, which holds
    /// every program built with it).
    /// </summary>
    public static IReadOnlyDictionary<string, ImageEntry> BuildImages { get; } = new Dictionary<string, ImageEntry>(StringComparer.Ordinal)
    {
        [OperatorImage] = new(["/app/airwave-operator", "run"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Operator.Directory },
        },
        [WebhookImage] = new(["/app/airwave-webhook"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Webhook.Directory },
        },
        [SignalingImage] = new(["/app/airwave-signaling"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Signaling.Directory },
        },

        // The media engine is the machine's janus, at the path the image has it.
        [SfuImage] = new(["/app/airwave-sfu"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Sfu.Directory },
        },

        // The browser, virtual display and sound server are the machine's Chromium, Xvfb and PulseAudio.
        [ConnectorImage] = new(["/app/airwave-connector"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Connector.Directory },
        },

        // ffmpeg and ffprobe are the machine's.
        [TranscoderImage] = new(["/app/airwave-transcoder"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Transcoder.Directory },
        },
    };

    /// <summary>The images pods can run: the common ones, Airwave's own (<see cref="BuildImages"/>), then those of <see cref="SandboxOptions.ImageMapPath"/>.</summary>
    private static ImageMap Images(SandboxOptions options)
    {
        var images = BuildImages.Aggregate(ImageMap.Default, (map, image) => map.With(image.Key, image.Value));
        return options.ImageMapPath is { } map ? images.With(map) : images;
    }

    private static WebApplication BuildOperator(SandboxOptions options, OperatorIdentity identity, AwsEmulator aws, MuxEmulator mux) =>
        OperatorHost.Build(configure: builder =>
        {
            builder.Configuration.AddInMemoryCollection(OperatorSettings(options, identity, aws, mux));
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

            ReadableLog(builder.Logging);
        });

    /// <summary>
    /// Standard output carries the ready banner; the services' logs go to standard error, one line per message (time,
    /// level, category, message) rather than the JSON lines they write in a pod, for people watching a terminal.
    /// </summary>
    private static void ReadableLog(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }

    /// <summary>
    /// What the operator needs to know about the sandbox: where AWS and Mux are, the roles, bucket and distribution it
    /// made up, and the Mux emulator's access token.
    /// </summary>
    private static Dictionary<string, string?> OperatorSettings(SandboxOptions options, OperatorIdentity identity, AwsEmulator aws, MuxEmulator mux) => new(InstallationPolicy(aws))
    {
        ["Aws:Region"] = aws.Options.Region,
        ["Aws:EndpointUrl"] = aws.BaseAddress.ToString(),
        ["Operator:MediaLiveRoleArn"] = MediaLiveRoleArn,
        ["Operator:Upload:RoleArn"] = UploadRoleArn,
        ["Operator:Upload:OriginAccessControlId"] = aws.Options.ArchiveOriginAccessControlId,
        ["Operator:LiveDistributionId"] = aws.Options.LiveDistributionId,
        ["Operator:LivePlaybackBaseUrl"] = aws.EdgeAddress(aws.Options.LiveDistributionId).ToString(),
        ["Operator:PlaybackKeyGroupId"] = aws.Options.PlaybackKeyGroupId,
        ["Operator:CdnAuthorization:SecretArn"] = aws.CdnIdentifierSecretArn,
        ["Operator:CdnAuthorization:RoleArn"] = aws.Options.CdnSecretsRoleArn,
        ["Operator:VideoAssets:Aws:Bucket"] = aws.Options.VideoBucket,
        ["Operator:VideoAssets:Aws:SignedKeyPrefix"] = aws.Options.SignedVideoKeyPrefix,
        ["Operator:VideoAssets:Aws:PlaybackBaseUrl"] = aws.EdgeAddress(aws.Options.VideoDistributionId).ToString(),
        ["Operator:ContentKeys:KmsKeyId"] = aws.Options.ContentKeySeedKmsKeyId,
        ["Operator:ResyncInterval"] = options.OperatorResyncInterval.ToString("c", CultureInfo.InvariantCulture),
        ["Operator:PollInterval"] = options.OperatorPollInterval.ToString("c", CultureInfo.InvariantCulture),
        ["LeaderElection:Namespace"] = identity.Namespace,
        ["Mux:ApiUrl"] = mux.BaseAddress.ToString(),
        ["Mux:PlaybackUrlTemplate"] = MuxEmulator.PlaybackUrlTemplate(mux.BaseAddress),
        ["Mux:ThumbnailUrlTemplate"] = MuxEmulator.ThumbnailUrlTemplate(mux.BaseAddress),
        ["Mux:UploadPollInterval"] = options.OperatorPollInterval.ToString("c", CultureInfo.InvariantCulture),
        [MuxSettings.TokenIdVariable] = mux.Options.TokenId,
        [MuxSettings.TokenSecretVariable] = mux.Options.TokenSecret,
    };

    /// <summary>Where the operator and admission read the hosts connectors may open.</summary>
    private const string AllowedMeetingHosts = "Operator:Connector:AllowedMeetingHosts";

    /// <summary>
    /// The installation's limits, which the operator and admission enforce alike: the archive bucket, and the meeting
    /// hosts connectors may open (Chime's and the AWS emulator's stand-in meetings).
    /// </summary>
    private static Dictionary<string, string?> InstallationPolicy(AwsEmulator aws) => new()
    {
        ["Operator:ArchiveBucket"] = ArchiveBucket,
        [$"{AllowedMeetingHosts}:0"] = MeetingHostPolicy.ChimeMeetingHosts[0],
        [$"{AllowedMeetingHosts}:1"] = aws.Options.Host,
    };

    /// <summary>
    /// Pods run on the machine's network here, so the SFU pods of WebRtc streams listen on ports chosen for this sandbox
    /// (free, outside the ephemeral range) rather than the fixed ones a cluster gives each pod; settings given win.
    /// </summary>
    private static Dictionary<string, string?> WithSfuPorts(IReadOnlyDictionary<string, string?> given)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var port in new[] { "ApiPort", "ManagementPort", "TurnPort" })
        {
            settings[$"Operator:Sfu:{port}"] = LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture);
        }

        // The pods share the machine's loopback, each on an address of its own, but the engine binds 127.0.0.1 alone:
        // each pod picks free ports there for the engine's APIs.
        settings["Operator:Sfu:EnginePort"] = "0";
        settings["Operator:Sfu:AdminPort"] = "0";

        foreach (var (key, value) in given)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// With no built-in operator: the same settings as a `--config` file (next to the kubeconfig), so an operator
    /// build run by hand is wired to this sandbox exactly as the built-in one would be.
    /// </summary>
    private static string WriteOperatorConfig(SandboxOptions options, string kubeconfig, AwsEmulator aws, MuxEmulator mux)
    {
        var root = new JsonObject();
        var settings = OperatorSettings(options, new OperatorIdentity(kubeconfig, "default"), aws, mux);
        foreach (var (key, value) in options.OperatorSettings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = (JsonObject)(node[part] ??= new JsonObject());
            }

            node[parts[^1]] = value;
        }

        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(kubeconfig))!, Path.GetFileNameWithoutExtension(kubeconfig) + ".operator.json");
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }
}
