using Airwave.Aws.MediaPackage;
using System.Net;
using Airwave.Sandbox.Aws.Chime;
using Airwave.Sandbox.Aws.CloudFront;
using Airwave.Sandbox.Aws.CloudWatch;
using Airwave.Sandbox.Aws.Kms;
using Airwave.Sandbox.Aws.Faults;
using Airwave.Sandbox.Aws.Media;
using Airwave.Sandbox.Aws.MediaLive;
using Airwave.Sandbox.Aws.Ivs;
using Airwave.Sandbox.Aws.MediaPackage;
using Airwave.Sandbox.Aws.MediaPackage.Encryption;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.S3;
using Airwave.Sandbox.Aws.SecretsManager;
using Airwave.Sandbox.Aws.Sts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Sandbox.Aws;

/// <summary>
/// MediaLive, MediaPackage, CloudFront, S3, IVS, STS, CloudWatch, KMS and Secrets Manager on one loopback port, routed by path, speaking the real wire
/// protocols: point the AWS CLI or the Airwave clients at <see cref="BaseAddress"/> with the test credentials.
/// </summary>
public sealed class AwsEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MediaSupervisor? _media;
    private readonly IvsMedia? _ivsMedia;
    private readonly IngestServer _ingest;

    private AwsEmulator(WebApplication app, Uri baseAddress, AwsFaultInjector faults, AwsInventory inventory, AwsEmulatorOptions options, MediaSupervisor? media, IvsMedia? ivsMedia, IngestServer ingest)
    {
        _app = app;
        _media = media;
        _ivsMedia = ivsMedia;
        _ingest = ingest;
        BaseAddress = baseAddress;
        Faults = faults;
        Inventory = inventory;
        Options = options;
    }

    public Uri BaseAddress { get; }

    public AwsFaultInjector Faults { get; }

    public AwsInventory Inventory { get; }

    public AwsEmulatorOptions Options { get; }

    public static async Task<AwsEmulator> StartAsync(AwsEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = IPAddress.Parse(options.Host);
        if (!IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"The emulator only listens on loopback, not {options.Host}.", nameof(options));
        }

        // The port is chosen before anything is built, so that the URLs the services hand out can name it.
        options = options with { Port = options.Port == 0 ? LoopbackPorts.Reserve(address) : options.Port };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.Port);

            // S3 takes an object of up to 5 GB in one PUT (Kestrel's own limit is 30 MB): a transcoded rendition's
            // file is hundreds of megabytes.
            kestrel.Limits.MaxRequestBodySize = 5L * 1024 * 1024 * 1024;
        });
        var faults = new AwsFaultInjector();
        var calls = new AwsCallLog();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton(calls);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton<SignatureVerifier>();
        builder.Services.AddSingleton<S3Authenticator>();
        builder.Services.AddSingleton<S3Store>();
        builder.Services.AddSingleton<S3Api>();
        builder.Services.AddSingleton<StsSessions>();
        builder.Services.AddSingleton<StsApi>();
        builder.Services.AddSingleton<MetricStore>();
        builder.Services.AddSingleton<CloudWatchApi>();
        builder.Services.AddSingleton(_ =>
        {
            var kmsKeys = new KmsKeys(options);
            kmsKeys.Create("The installation's content key seed", options.ContentKeySeedKmsKeyId);
            return kmsKeys;
        });
        builder.Services.AddSingleton<KmsApi>();
        builder.Services.AddSingleton(_ =>
        {
            var secrets = new SecretStore(options);
            var identifier = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { [CdnAuthorization.SecretField] = options.CdnIdentifier });
            secrets.Create(options.CdnIdentifierSecretName, "MediaPackage's CDN identifier", identifier, versionId: null);
            return secrets;
        });
        builder.Services.AddSingleton<SecretsManagerApi>();
        builder.Services.AddSingleton(_ => new SpekeClient(options));
        builder.Services.AddRouting();

        var app = builder.Build();
        var mediaLive = new MediaLiveStore(options);
        var mediaPackage = new MediaPackageStore(options, app.Services.GetRequiredService<SecretStore>());
        var origins = new LiveOrigins();
        var cloudFront = new CloudFrontStore(options);
        var recordings = new IvsRecordingConfigurations(options, app.Services.GetRequiredService<S3Store>());
        var playbackKeys = new IvsPlaybackKeys(options);
        var ivs = new IvsStore(options, recordings, playbackKeys);
        app.UseRouting();
        app.UseMiddleware<AwsRequestMiddleware>();
        MediaLiveEndpoints.Map(app, mediaLive);
        MediaPackageEndpoints.Map(app, mediaPackage);
        CloudFrontEndpoints.Map(app, cloudFront);
        IvsEndpoints.Map(app, ivs, playbackKeys, recordings);
        FaultAdminEndpoints.Map(app, faults);
        var ingestServer = new IngestServer(mediaPackage, origins);
        ingestServer.Map(app);
        var keys = new EndpointKeys(app.Services.GetRequiredService<SpekeClient>(), options.Time, options.Log);
        var originServer = new OriginServer(mediaPackage, origins, keys, app.Services.GetRequiredService<MetricStore>(), options.Time);
        originServer.Map(app);
        new EdgeServer(cloudFront, originServer, app.Services.GetRequiredService<S3Store>(), options).Map(app);
        new IvsPlayback(ivs, playbackKeys, origins, app.Services.GetRequiredService<MetricStore>(), options.Time).Map(app);
        MeetingPages.Map(app);

        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var s3 = app.Services.GetRequiredService<S3Store>();
        var runMedia = options.RunMedia && MediaSupervisor.FfmpegPath() is not null;
        var media = runMedia ? new MediaSupervisor(mediaLive, s3, origins, mediaPackage.PackagingOf, options.Time, options.Log) : null;
        var ivsMedia = runMedia ? new IvsMedia(ivs, recordings, s3, origins, options) : null;
        return new AwsEmulator(app, new Uri(bound), faults, new AwsInventory(mediaLive, mediaPackage, cloudFront, s3, ivs, recordings, calls), options, media, ivsMedia, ingestServer);
    }

    /// <summary>Why running channels take no pushes although media was asked for (ffmpeg is missing); null when they do, or when it was not asked for.</summary>
    public string? MediaProblem => Options.RunMedia && _media is null
        ? "ffmpeg is not installed (on PATH), so running channels refuse pushes; install it (apt-get install ffmpeg) and restart"
        : null;

    /// <summary>The sandbox's stand-in for a Chime meeting's URL: a page with a moving pattern and a tone (see <see cref="MeetingPages"/>).</summary>
    public Uri MeetingUrl(string meeting) => new(BaseAddress, MeetingPages.PathPrefix + Uri.EscapeDataString(meeting));

    /// <summary>Where a distribution's edge answers viewers on the emulator, in place of its CloudFront domain name.</summary>
    /// <summary>The ARN of the CDN identifier secret that exists from the start (<see cref="AwsEmulatorOptions.CdnIdentifierSecretName"/>).</summary>
    public string CdnIdentifierSecretArn => _app.Services.GetRequiredService<SecretStore>().Find(Options.CdnIdentifierSecretName).Arn;

    public Uri EdgeAddress(string distributionId) => new(BaseAddress, $"_edge/{distributionId}");

    /// <summary>What the emulated services published to CloudWatch, and what clients put there.</summary>
    public MetricStore Metrics => _app.Services.GetRequiredService<MetricStore>();

    /// <summary>Creates an S3 bucket, as the sandbox does for the archive bucket it configures the operator with.</summary>
    public void CreateBucket(string name) => _app.Services.GetRequiredService<S3Store>().CreateBucket(name);

    public async ValueTask DisposeAsync()
    {
        if (_media is not null)
        {
            await _media.DisposeAsync();
        }
        if (_ivsMedia is not null)
        {
            await _ivsMedia.DisposeAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ingest.Dispose();
    }
}
