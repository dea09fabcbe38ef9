using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Amazon.S3;

namespace Airwave.Aws.S3;

/// <summary>The AWS SDK's S3 client, configured from the same region, endpoint override and retries as the operator's other AWS clients.</summary>
public static class S3ClientFactory
{
    /// <param name="handler">What requests are sent through instead of the SDK's own handler: the operator's check that only the leader writes.</param>
    public static IAmazonS3 Create(AwsClientOptions options, ICredentialsProvider credentials, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = SdkClientConfig.Apply(new AmazonS3Config(), options, options.S3Endpoint, handler);

        // An endpoint override (the sandbox, or an S3-compatible store) is an address, often an IP, that bucket names
        // cannot be prefixed to: path-style addressing is the one that always works there.
        config.ForcePathStyle = options.S3Endpoint is not null;
        return new AmazonS3Client(new SdkCredentials(credentials), config);
    }
}
