using Airwave.Aws.Credentials;
using Microsoft.AspNetCore.Http.Features;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Configuration;
using Airwave.Operator.Hosting;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Airwave.Sandbox;

/// <summary>
/// The sandbox: the Kubernetes API server, and unless <see cref="SandboxOptions.ApiOnly"/> the AWS media
/// emulator, the Airwave CRDs and the operator wired to both — everything on loopback, in one process.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string ArchiveBucket = "airwave-sandbox-archive";
    public const string MediaLiveRoleArn = "arn:aws:iam::123456789012:role/AirwaveSandboxMediaLive";

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

    public WebApplication? Operator { get; private set; }

    public string KubeconfigPath { get; }

    public Uri? OperatorAddress => Operator is null ? null : new Uri(Operator.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

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

            if (OperatorAddress is { } address)
            {
                yield return ("Operator metrics", new Uri(address, "/metrics").ToString());
                yield return ("Operator health", new Uri(address, "/readyz").ToString());
            }
        }
    }

    public static async Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kubernetes = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { Port = options.KubePort, Https = options.Https }, cancellationToken);
        AwsEmulator? aws = null;
        try
        {
            var kubeconfig = kubernetes.WriteKubeconfig(options.KubeconfigPath);
            if (options.ApiOnly)
            {
                return new SandboxHost(options, kubernetes, kubeconfig, null, null);
            }

            aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = options.AwsPort, TransitionDelay = options.AwsTransitionDelay }, cancellationToken);
            using (var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfig(KubeconfigLoader.LoadFile(kubeconfig))))
            {
                await CrdInstaller.InstallAsync(client, cancellationToken);
            }

            var @operator = BuildOperator(options, new OperatorIdentity(kubeconfig, "default"), aws);
            await @operator.StartAsync(cancellationToken);
            return new SandboxHost(options, kubernetes, kubeconfig, aws, @operator);
        }
        catch
        {
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
        var old = Operator ?? throw new InvalidOperationException("the sandbox runs no operator (--api-only)");
        using (var abrupt = new CancellationTokenSource())
        {
            await abrupt.CancelAsync();
            await old.StopAsync(abrupt.Token);
        }

        await old.DisposeAsync();
        Operator = BuildOperator(_options, runAs ?? new OperatorIdentity(KubeconfigPath, "default"), Aws!);
        await Operator.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Operator is not null)
        {
            await Operator.StopAsync();
            await Operator.DisposeAsync();
        }

        if (Aws is not null)
        {
            await Aws.DisposeAsync();
        }

        await Kubernetes.DisposeAsync();
    }

    private static WebApplication BuildOperator(SandboxOptions options, OperatorIdentity identity, AwsEmulator aws) =>
        OperatorHost.Build(configure: builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = $"http://127.0.0.1:{options.OperatorPort}",
                ["Kubernetes:Kubeconfig"] = identity.KubeconfigPath,
                ["Aws:Region"] = aws.Options.Region,
                ["Aws:EndpointUrl"] = aws.BaseAddress.ToString(),
                ["Operator:ClusterName"] = "sandbox",
                ["Operator:MediaLiveRoleArn"] = MediaLiveRoleArn,
                ["Operator:ArchiveBucket"] = ArchiveBucket,
                ["Operator:LiveDistributionId"] = aws.Options.LiveDistributionId,
                ["Operator:Speke:Url"] = "https://speke.sandbox.airwave.invalid/v1/keys",
                ["Operator:Speke:RoleArn"] = "arn:aws:iam::123456789012:role/AirwaveSandboxSpeke",
                ["Operator:ResyncInterval"] = options.OperatorResyncInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                ["Operator:PollInterval"] = options.OperatorPollInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                ["LeaderElection:Namespace"] = identity.Namespace,
            });
            builder.Configuration.AddInMemoryCollection((identity.WatchNamespaces ?? []).Select((name, i) => KeyValuePair.Create($"Operator:WatchNamespaces:{i}", (string?)name)));
            builder.Configuration.AddInMemoryCollection(options.OperatorSettings);
            builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialsProvider>(new StaticCredentialsProvider(aws.Options.Credentials)));

            // Standard output carries the ready banner; the operator's log goes to standard error, in a form people read.
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole();
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        });
}
