using Airwave.Api.VideoAssets;
using Airwave.Configuration;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Metrics;
using Airwave.Mux;
using Airwave.Mux.Http;
using Airwave.Mux.Playback;
using Airwave.Mux.Signing;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.VideoAssets;
using Airwave.Operator.VideoAssets.AwsHosting;
using Airwave.Operator.VideoAssets.MuxHosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Airwave.Operator.Hosting;

/// <summary>VideoAssets: the Mux account, both video hosts, the informer and the controller.</summary>
internal static class VideoAssetServices
{
    public static void AddVideoAssets(this IServiceCollection services, IConfiguration configuration, string identity)
    {
        AddMuxAccount(services, configuration, identity);
        services.AddSingleton<PlaybackSigningKey>();
        services.AddSingleton<LegacySigningKeySecrets>();
        services.AddSingleton<ArchiveClipSource>();
        services.AddSingleton<DirectUploads>();
        services.AddSingleton<MuxAssetTeardown>();
        services.AddSingleton<IVideoHost, MuxVideoHost>();
        services.AddSingleton<VideoOutputs>();
        services.AddSingleton<TranscodeJobs>();
        services.AddSingleton<UploadCors>();
        services.AddSingleton<BucketUploads>();
        services.AddSingleton<IVideoHost, AwsVideoHost>();
        services.AddSingleton<VideoAssetReconciler>();
        services.AddSingleton(sp => new Informer<VideoAsset>(
            sp.GetRequiredService<KubernetesClient>(),
            AirwaveResources.VideoAssets,
            new InformerOptions { Namespaces = sp.GetRequiredService<OperatorOptions>().WatchNamespaces }));
        services.AddSingleton<IInformer>(sp => sp.GetRequiredService<Informer<VideoAsset>>());
        services.AddSingleton<VideoAssetMetrics>();
        services.AddSingleton<IController>(sp =>
        {
            // The gauge observes the informer's cache; made with the controller, it lives as long.
            sp.GetRequiredService<VideoAssetMetrics>();
            return new Controller<VideoAsset>(
                sp.GetRequiredService<Informer<VideoAsset>>(),
                sp.GetRequiredService<VideoAssetReconciler>(),
                new ControllerOptions
                {
                    Name = "videoasset",
                    MaxConcurrentReconciles = sp.GetRequiredService<OperatorOptions>().MaxConcurrentReconciles,
                    UpdateFilter = UpdateFilters.SpecOrMetadataChanged,

                    // Mux's error answers (rate limits, a refused token, an outage) are outcomes, not bugs.
                    IsExpectedFailure = e => e is MuxApiException,
                },
                sp.GetRequiredService<KubernetesMetrics>(),
                sp.GetRequiredService<ILoggerFactory>());
        });
    }

    /// <summary>The Mux account the operator works in: its access token, playback URLs and signing key, checked.</summary>
    private static void AddMuxAccount(IServiceCollection services, IConfiguration configuration, string identity)
    {
        var settings = Settings.Bind<MuxSettings>(configuration, "Mux");
        var urls = new MuxUrls { PlaybackTemplate = settings.PlaybackUrlTemplate, ThumbnailTemplate = settings.ThumbnailUrlTemplate };
        foreach (var (key, template) in new[] { ("Mux:PlaybackUrlTemplate", urls.PlaybackTemplate), ("Mux:ThumbnailUrlTemplate", urls.ThumbnailTemplate) })
        {
            if (!MuxUrls.IsValidTemplate(template))
            {
                throw Settings.Invalid(configuration, key, $"an http(s) URL with {MuxUrls.PlaybackIdPlaceholder} where the playback id goes");
            }
        }

        if (settings.VideoQuality is { } quality && !MuxSettings.VideoQualities.Contains(quality))
        {
            throw Settings.Invalid(configuration, "Mux:VideoQuality", $"one of {string.Join(", ", MuxSettings.VideoQualities)}");
        }

        var (tokenId, tokenSecret) = Pair(configuration, MuxSettings.TokenIdVariable, MuxSettings.TokenSecretVariable, "a Mux access token is both its id and its secret");
        var (signingKeyId, signingPrivateKey) = Pair(configuration, MuxSettings.SigningKeyVariable, MuxSettings.PrivateKeyVariable, "a signing key is both its id and its private key");

        if (!string.IsNullOrEmpty(signingPrivateKey) && !PlaybackTokenSigner.IsPrivateKey(signingPrivateKey))
        {
            throw new SettingException($"{MuxSettings.PrivateKeyVariable} is not an RSA private key in PEM, or base64 of one, as Mux gives it");
        }

        var apiUrl = settings.ApiUrl.AbsoluteUri.EndsWith('/') ? settings.ApiUrl : new Uri(settings.ApiUrl.AbsoluteUri + "/");
        services.AddSingleton(sp => new MuxMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.AddSingleton(sp => new MuxAccount(
            string.IsNullOrEmpty(tokenId)
                ? null
                : new MuxClient(OperatorHttp.Provider(sp, identity), new MuxClientOptions { BaseAddress = apiUrl, Metrics = sp.GetRequiredService<MuxMetrics>() }, new MuxCredentials(tokenId, tokenSecret!), sp.GetRequiredService<TimeProvider>()),
            urls,
            settings.VideoQuality,
            settings.UploadPollInterval,
            string.IsNullOrEmpty(signingKeyId) ? null : new SigningKey { Id = signingKeyId, PrivateKey = signingPrivateKey }));
    }

    /// <summary>
    /// Two settings that make sense only together, such as a token's id and secret: both or neither. The values are
    /// never echoed back in the error, unlike other settings'.
    /// </summary>
    private static (string? First, string? Second) Pair(IConfiguration configuration, string first, string second, string why)
    {
        var (a, b) = (configuration[first], configuration[second]);
        if (string.IsNullOrEmpty(a) != string.IsNullOrEmpty(b))
        {
            var (set, unset) = string.IsNullOrEmpty(a) ? (second, first) : (first, second);
            throw new SettingException($"{set} is set but {unset} is not: {why}");
        }

        return (a, b);
    }
}
