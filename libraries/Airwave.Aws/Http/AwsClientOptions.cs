namespace Airwave.Aws.Http;

/// <summary>Region, per-service endpoint overrides (the sandbox emulator URL) and retry behaviour.</summary>
public sealed record AwsClientOptions
{
    public string Region { get; init; } = "us-east-1";

    public Uri? MediaLiveEndpoint { get; init; }

    public Uri? MediaPackageEndpoint { get; init; }

    public Uri? CloudFrontEndpoint { get; init; }

    public Uri? S3Endpoint { get; init; }

    public Uri? IvsEndpoint { get; init; }

    public Uri? StsEndpoint { get; init; }

    public Uri? CloudWatchEndpoint { get; init; }

    public Uri? KmsEndpoint { get; init; }

    public Uri? SecretsManagerEndpoint { get; init; }

    public AwsRetryOptions Retry { get; init; } = new();

    /// <summary>Where call attempts are counted (the host's /metrics); not counted when null.</summary>
    public AwsMetrics? Metrics { get; init; }

    /// <summary>Points every service at one base address, as the sandbox emulator serves all of them on one port.</summary>
    public static AwsClientOptions ForEmulator(Uri baseAddress, string region = "us-east-1") => new()
    {
        Region = region,
        MediaLiveEndpoint = baseAddress,
        MediaPackageEndpoint = baseAddress,
        CloudFrontEndpoint = baseAddress,
        S3Endpoint = baseAddress,
        IvsEndpoint = baseAddress,
        StsEndpoint = baseAddress,
        CloudWatchEndpoint = baseAddress,
        KmsEndpoint = baseAddress,
        SecretsManagerEndpoint = baseAddress,
    };
}
