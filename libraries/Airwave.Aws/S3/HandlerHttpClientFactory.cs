using Amazon.Runtime;

namespace Airwave.Aws.S3;

/// <summary>Gives the SDK clients that send through one handler, which outlives them.</summary>
internal sealed class HandlerHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
}
