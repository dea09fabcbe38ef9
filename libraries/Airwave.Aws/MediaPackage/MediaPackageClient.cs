using Airwave.Aws.Credentials;
using Airwave.Aws.Http;

namespace Airwave.Aws.MediaPackage;

/// <summary>MediaPackage v1 over rest-json, signed with SigV4; list calls follow every page.</summary>
public sealed class MediaPackageClient : IMediaPackageClient
{
    private readonly AwsJsonClient _client;

    public MediaPackageClient(HttpClient http, AwsClientOptions options, ICredentialsProvider credentials, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new AwsJsonClient(new AwsRestClient(http, AwsService.MediaPackage(options), credentials, options.Retry, options.Metrics, time ?? TimeProvider.System));
    }

    public Task<Channel> CreateChannelAsync(CreateChannelRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync<Channel>(HttpMethod.Post, "/channels", request, cancellationToken);

    public Task<Channel> DescribeChannelAsync(string id, CancellationToken cancellationToken) =>
        _client.SendAsync<Channel>(HttpMethod.Get, $"/channels/{AwsPath.Label(id)}", null, cancellationToken);

    public Task<IReadOnlyList<Channel>> ListChannelsAsync(CancellationToken cancellationToken) =>
        _client.ListAllAsync<ListChannelsResponse, Channel>("/channels", [], page => (page.Channels, page.NextToken), cancellationToken);

    public Task<Channel> UpdateChannelAsync(string id, UpdateChannelRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync<Channel>(HttpMethod.Put, $"/channels/{AwsPath.Label(id)}", request, cancellationToken);

    public Task DeleteChannelAsync(string id, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Delete, $"/channels/{AwsPath.Label(id)}", null, cancellationToken);

    public Task<OriginEndpoint> CreateOriginEndpointAsync(CreateOriginEndpointRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync<OriginEndpoint>(HttpMethod.Post, "/origin_endpoints", request, cancellationToken);

    public Task<OriginEndpoint> DescribeOriginEndpointAsync(string id, CancellationToken cancellationToken) =>
        _client.SendAsync<OriginEndpoint>(HttpMethod.Get, $"/origin_endpoints/{AwsPath.Label(id)}", null, cancellationToken);

    public Task<IReadOnlyList<OriginEndpoint>> ListOriginEndpointsAsync(string? channelId, CancellationToken cancellationToken) =>
        _client.ListAllAsync<ListOriginEndpointsResponse, OriginEndpoint>("/origin_endpoints", [("channelId", channelId)], page => (page.OriginEndpoints, page.NextToken), cancellationToken);

    public Task<OriginEndpoint> UpdateOriginEndpointAsync(string id, UpdateOriginEndpointRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync<OriginEndpoint>(HttpMethod.Put, $"/origin_endpoints/{AwsPath.Label(id)}", request, cancellationToken);

    public Task DeleteOriginEndpointAsync(string id, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Delete, $"/origin_endpoints/{AwsPath.Label(id)}", null, cancellationToken);
}
