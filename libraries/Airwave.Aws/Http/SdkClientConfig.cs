using Amazon;
using Amazon.Runtime;
using Airwave.Aws.S3;

namespace Airwave.Aws.Http;

/// <summary>What the AWS SDK's clients (S3, STS) share with the operator's own: region, retries, endpoint override, HTTP handler.</summary>
internal static class SdkClientConfig
{
    /// <param name="endpoint">The service's endpoint override (the sandbox), or null for AWS's own.</param>
    /// <param name="handler">What requests are sent through instead of the SDK's own handler: the operator's check that only the leader writes.</param>
    public static T Apply<T>(T config, AwsClientOptions options, Uri? endpoint, HttpMessageHandler? handler)
        where T : ClientConfig
    {
        config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = options.Retry.MaxRetries;
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
        }

        if (handler is not null)
        {
            config.HttpClientFactory = new HandlerHttpClientFactory(handler);
        }

        return config;
    }
}
