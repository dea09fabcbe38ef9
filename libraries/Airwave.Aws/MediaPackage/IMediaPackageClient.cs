namespace Airwave.Aws.MediaPackage;

/// <summary>The AWS Elemental MediaPackage (v1, API 2017-10-12) operations a live stream needs.</summary>
public interface IMediaPackageClient
{
    Task<Channel> CreateChannelAsync(CreateChannelRequest request, CancellationToken cancellationToken);

    Task<Channel> DescribeChannelAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Channel>> ListChannelsAsync(CancellationToken cancellationToken);

    Task<Channel> UpdateChannelAsync(string id, UpdateChannelRequest request, CancellationToken cancellationToken);

    Task DeleteChannelAsync(string id, CancellationToken cancellationToken);

    Task<OriginEndpoint> CreateOriginEndpointAsync(CreateOriginEndpointRequest request, CancellationToken cancellationToken);

    Task<OriginEndpoint> DescribeOriginEndpointAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists the endpoints of one channel, or of every channel when <paramref name="channelId"/> is null.</summary>
    Task<IReadOnlyList<OriginEndpoint>> ListOriginEndpointsAsync(string? channelId, CancellationToken cancellationToken);

    Task<OriginEndpoint> UpdateOriginEndpointAsync(string id, UpdateOriginEndpointRequest request, CancellationToken cancellationToken);

    Task DeleteOriginEndpointAsync(string id, CancellationToken cancellationToken);
}
