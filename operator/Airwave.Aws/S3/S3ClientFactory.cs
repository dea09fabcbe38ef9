using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Airwave.Aws.S3;

/// <summary>The AWS SDK's S3 client, configured from the same region, endpoint override and retries as the operator's other AWS clients.</summary>
public static class S3ClientFactory
{
    /// <param name="handler">What requests are sent through instead of the SDK's own handler: the operator's check that only the leader writes.</param>
    public static IAmazonS3 Create(AwsClientOptions options, ICredentialsProvider credentials, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region),
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.Retry.MaxRetries,
        };
        if (options.S3Endpoint is { } endpoint)
        {
            // An endpoint override (the sandbox, or an S3-compatible store) is an address, often an IP, that bucket
            // names cannot be prefixed to: path-style addressing is the one that always works there.
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
            config.ForcePathStyle = true;
        }
        if (handler is not null)
        {
            config.HttpClientFactory = new HandlerHttpClientFactory(handler);
        }

        return new AmazonS3Client(new SdkCredentials(credentials), config);
    }
}
