namespace Airwave.Aws.Http;

/// <summary>Where a service lives and how requests to it are signed.</summary>
public sealed record AwsService(string SigningName, string SigningRegion, Uri Endpoint, AwsProtocol Protocol)
{
    public static AwsService MediaLive(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("medialive", options.Region, options.MediaLiveEndpoint ?? new Uri($"https://medialive.{options.Region}.amazonaws.com"), AwsProtocol.RestJson);
    }

    public static AwsService MediaPackage(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("mediapackage", options.Region, options.MediaPackageEndpoint ?? new Uri($"https://mediapackage.{options.Region}.amazonaws.com"), AwsProtocol.RestJson);
    }

    public static AwsService Ivs(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("ivs", options.Region, options.IvsEndpoint ?? new Uri($"https://ivs.{options.Region}.amazonaws.com"), AwsProtocol.RestJson);
    }

    /// <summary>CloudWatch in the region; its JSON errors name their code in <c>__type</c>, as the rest-json services' may.</summary>
    public static AwsService CloudWatch(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("monitoring", options.Region, options.CloudWatchEndpoint ?? new Uri($"https://monitoring.{options.Region}.amazonaws.com"), AwsProtocol.RestJson);
    }

    /// <summary>Secrets Manager in the region; its JSON 1.1 errors name their code in <c>__type</c>.</summary>
    public static AwsService SecretsManager(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("secretsmanager", options.Region, options.SecretsManagerEndpoint ?? new Uri($"https://secretsmanager.{options.Region}.amazonaws.com"), AwsProtocol.RestJson);
    }

    /// <summary>CloudFront is global: one endpoint, always signed for us-east-1.</summary>
    public static AwsService CloudFront(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("cloudfront", "us-east-1", options.CloudFrontEndpoint ?? new Uri("https://cloudfront.amazonaws.com"), AwsProtocol.RestXml);
    }
}
