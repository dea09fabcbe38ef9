using Airwave.Aws.Errors;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The stream's MediaPackage channel. Its id is derived from the stream, so a retried create finds the first.</summary>
public sealed class PackageChannelManager(IMediaPackageClient mediaPackage) : IAwsResourceManager<Channel, PackageChannelPlan>
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

    /// <param name="replacing">Unused: the id is the stream's, so a channel made again has the same one.</param>
    public async Task<Channel> CreateAsync(PackageChannelPlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(identity);
        try
        {
            return await mediaPackage.CreateChannelAsync(new CreateChannelRequest(identity.PackageChannelId, plan.Description, identity.Tags), cancellationToken);
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

    /// <summary>Whether the channel's description is the spec's (none and an empty one are the same).</summary>
    public ResourceDelta Delta(Channel resource, PackageChannelPlan plan, bool specChanged)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        return new ResourceDelta((resource.Description ?? "") == (plan.Description ?? "") ? [] : ["description"], specChanged);
    }

    public Task<Channel> UpdateAsync(Channel resource, PackageChannelPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);

        // MediaPackage keeps a description an update leaves out: an empty one clears it.
        return mediaPackage.UpdateChannelAsync(resource.Id, new UpdateChannelRequest(plan.Description ?? ""), cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await AwsLookup.DeleteAsync(() => mediaPackage.DeleteChannelAsync(id, cancellationToken));
        return true;
    }
}

/// <summary>What a stream asks of its MediaPackage channel: the spec's description.</summary>
public sealed record PackageChannelPlan(string? Description);
