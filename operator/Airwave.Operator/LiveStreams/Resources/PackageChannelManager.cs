using Airwave.Aws.Errors;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The stream's MediaPackage channel. Its id is derived from the stream, so a retried create finds the first.</summary>
public sealed class PackageChannelManager(IMediaPackageClient mediaPackage)
{
    public async Task<Observed<Channel>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken)
    {
        try
        {
            var channel = await mediaPackage.DescribeChannelAsync(identity.PackageChannelId, cancellationToken);
            return Observed.Found(channel);
        }
        catch (NotFoundException)
        {
            return knownId is null ? Observed.Absent<Channel>() : Observed.Missing<Channel>();
        }
    }

    public async Task<Channel> CreateAsync(StreamIdentity identity, string? description, CancellationToken cancellationToken)
    {
        try
        {
            return await mediaPackage.CreateChannelAsync(new CreateChannelRequest(identity.PackageChannelId, description, identity.Tags), cancellationToken);
        }
        catch (UnprocessableEntityException)
        {
            // A retried create whose first attempt succeeded: the id is ours, the channel is too.
            return await mediaPackage.DescribeChannelAsync(identity.PackageChannelId, cancellationToken);
        }
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        AwsLookup.DeleteAsync(() => mediaPackage.DeleteChannelAsync(id, cancellationToken));
}
