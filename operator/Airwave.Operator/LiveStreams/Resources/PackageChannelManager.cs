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
        catch (AwsNotFoundException)
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
        catch (AwsUnprocessableEntityException)
        {
            // MediaPackage answers 422 both to an id already taken (by our own earlier create, whose answer was lost,
            // or by someone else) and to settings it refuses: only a channel with this id and this stream's tags is ours.
            var existing = await AwsLookup.DescribeOrNullAsync(() => mediaPackage.DescribeChannelAsync(identity.PackageChannelId, cancellationToken));
            if (existing is null || !identity.IsTaggedOn(existing.Tags))
            {
                throw;
            }

            return existing;
        }
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        AwsLookup.DeleteAsync(() => mediaPackage.DeleteChannelAsync(id, cancellationToken));
}
