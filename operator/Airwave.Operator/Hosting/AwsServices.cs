using Airwave.Aws.CloudFront;
using Airwave.Aws.CloudWatch;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.Ivs;
using Airwave.Aws.Kms;
using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Aws.S3;
using Airwave.Aws.SecretsManager;
using Airwave.Aws.Sts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Airwave.Operator.Hosting;

/// <summary>The AWS clients the operator works with, metered, named and writing only while this replica leads.</summary>
internal static class AwsServices
{
    public static void AddAws(this IServiceCollection services, AwsSettings settings, string identity)
    {
        services.AddSingleton(sp => new AwsMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.AddSingleton(sp => settings.ClientOptions() with { Metrics = sp.GetRequiredService<AwsMetrics>() });
        services.TryAddSingleton(settings.Credentials());
        services.AddSingleton<IMediaLiveClient>(sp => new MediaLiveClient(OperatorHttp.Provider(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMediaPackageClient>(sp => new MediaPackageClient(OperatorHttp.Provider(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IStsClient>(sp => new StsClient(sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), OperatorHttp.ProviderHandler(sp)));
        services.AddSingleton<IIvsClient>(sp => new IvsClient(OperatorHttp.Provider(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISecretsManagerClient>(sp => new SecretsManagerClient(OperatorHttp.Provider(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICloudWatchClient>(sp => new CloudWatchClient(OperatorHttp.Provider(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICloudFrontClient>(sp => new CloudFrontClient(OperatorHttp.Provider(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => S3ClientFactory.Create(sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), OperatorHttp.ProviderHandler(sp)));

        // KMS changes nothing in AWS (its calls are all POSTs): every replica may make the seed's data key.
        services.AddSingleton(sp => new KmsEnvelope(sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>()));
        services.AddSingleton<S3Presigner>();
    }
}
