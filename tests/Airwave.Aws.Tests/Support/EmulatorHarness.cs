using Airwave.Aws.CloudFront;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.Ivs;
using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws;
using Prometheus;
using PrometheusMetrics = Prometheus.Metrics;

namespace Airwave.Aws.Tests.Support;

/// <summary>An emulator on a free loopback port and the clients pointed at it with its test credentials.</summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly CollectorRegistry _registry = PrometheusMetrics.NewCustomRegistry();

    private EmulatorHarness(AwsEmulator emulator, AwsRetryOptions retry, AwsCredentials credentials)
    {
        Emulator = emulator;
        var options = AwsClientOptions.ForEmulator(emulator.BaseAddress) with
        {
            Retry = retry,
            Metrics = new AwsMetrics(PrometheusMetrics.WithCustomRegistry(_registry)),
        };
        var provider = new StaticCredentialsProvider(credentials);
        MediaLive = new MediaLiveClient(_http, options, provider);
        MediaPackage = new MediaPackageClient(_http, options, provider);
        CloudFront = new CloudFrontClient(_http, options, provider);
        Ivs = new IvsClient(_http, options, provider);
    }

    public static readonly AwsRetryOptions FastRetry = new() { MaxRetries = 4, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

    public AwsEmulator Emulator { get; }

    public IMediaLiveClient MediaLive { get; }

    public IMediaPackageClient MediaPackage { get; }

    public ICloudFrontClient CloudFront { get; }

    public IIvsClient Ivs { get; }

    /// <summary>What a service's /metrics would show of these clients' calls now.</summary>
    public Task<Scrape> ScrapeAsync() => Scrape.OfAsync(_registry);

    public static async Task<EmulatorHarness> StartAsync(
        TimeSpan? transitionDelay = null,
        TimeProvider? time = null,
        AwsRetryOptions? retry = null,
        AwsCredentials? credentials = null,
        bool runMedia = false,
        TextWriter? log = null,
        IReadOnlyDictionary<string, string>? spekeGatewayHeaders = null)
    {
        var options = new AwsEmulatorOptions { TransitionDelay = transitionDelay ?? TimeSpan.Zero, Time = time ?? TimeProvider.System, RunMedia = runMedia, Log = log ?? Console.Error, SpekeGatewayHeaders = spekeGatewayHeaders ?? new Dictionary<string, string>() };
        var emulator = await AwsEmulator.StartAsync(options, CancellationToken.None);
        return new EmulatorHarness(emulator, retry ?? FastRetry, credentials ?? AwsEmulatorOptions.TestCredentials);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Emulator.DisposeAsync();
    }
}
