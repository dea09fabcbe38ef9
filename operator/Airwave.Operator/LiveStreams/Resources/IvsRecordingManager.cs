using Airwave.Aws.Errors;
using Airwave.Aws.Ivs;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>What a stream's IVS recording configuration should be: the bucket its broadcasts go to, and how long a broadcast may drop and still continue its recording.</summary>
public sealed record IvsRecordingPlan(string Bucket, int ReconnectWindowSeconds);

/// <summary>
/// A recording stream's IVS recording configuration: named like its channel, tagged with the stream, found by the
/// ARN status keeps or else by name and tags, so a create whose answer was lost is adopted rather than made twice.
/// IVS never changes a recording configuration, so a different plan is met by a new one (<see cref="UpdateAsync"/>),
/// and IVS refuses to delete one a channel still names.
/// </summary>
public sealed class IvsRecordingManager(IIvsClient ivs) : IAwsResourceManager<RecordingConfiguration, IvsRecordingPlan>
{
    /// <summary>IVS's default: a thumbnail of the broadcast a minute, beside its recording.</summary>
    private static readonly ThumbnailConfiguration Thumbnails = new("INTERVAL", 60);

    /// <param name="knownId">The configuration's ARN.</param>
    public async Task<Observed<RecordingConfiguration>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken)
    {
        if (knownId is not null)
        {
            var known = await AwsLookup.DescribeOrNullAsync(() => ivs.GetRecordingConfigurationAsync(knownId, cancellationToken));
            return known is null ? Observed.Missing<RecordingConfiguration>() : Observed.Found(known);
        }

        return await ListOwnedAsync(identity, cancellationToken) is [var owned, ..]
            ? Observed.Found(await ivs.GetRecordingConfigurationAsync(owned.Arn, cancellationToken))
            : Observed.Absent<RecordingConfiguration>();
    }

    /// <param name="replacing">Unused: IVS takes no request id; a configuration is found again by its name and tags.</param>
    public Task<RecordingConfiguration> CreateAsync(IvsRecordingPlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(identity);
        var request = new CreateRecordingConfigurationRequest(
            new DestinationConfiguration(new S3DestinationConfiguration(plan.Bucket)),
            identity.IvsChannelName,
            plan.ReconnectWindowSeconds,
            Thumbnails,
            identity.Tags);
        return ivs.CreateRecordingConfigurationAsync(request, cancellationToken);
    }

    public ResourceDelta Delta(RecordingConfiguration resource, IvsRecordingPlan plan, bool specChanged)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        var changes = new List<string>();
        if (resource.DestinationConfiguration.S3?.BucketName != plan.Bucket)
        {
            changes.Add($"bucket {plan.Bucket}");
        }

        if (resource.RecordingReconnectWindowSeconds != plan.ReconnectWindowSeconds)
        {
            changes.Add($"reconnect window {plan.ReconnectWindowSeconds} s");
        }

        return new ResourceDelta(changes, specChanged);
    }

    /// <summary>
    /// A new configuration with the plan's settings, since IVS changes none in place; the one it replaces stays until
    /// no channel names it and is then deleted.
    /// </summary>
    public Task<RecordingConfiguration> UpdateAsync(RecordingConfiguration resource, IvsRecordingPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var tags = resource.Tags ?? throw new InvalidOperationException($"IVS gave recording configuration {resource.Arn} without its tags.");
        return ivs.CreateRecordingConfigurationAsync(
            new CreateRecordingConfigurationRequest(new DestinationConfiguration(new S3DestinationConfiguration(plan.Bucket)), resource.Name, plan.ReconnectWindowSeconds, Thumbnails, tags),
            cancellationToken);
    }

    /// <summary>Deletes the configuration; true once it is gone, false while a channel still names it.</summary>
    /// <param name="id">The configuration's ARN.</param>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await ivs.DeleteRecordingConfigurationAsync(id, cancellationToken);
            return true;
        }
        catch (AwsNotFoundException)
        {
            return true;
        }
        catch (AwsConflictException)
        {
            return false;
        }
    }

    /// <summary>Every configuration made for the stream (the listing gives tags, not settings).</summary>
    public async Task<IReadOnlyList<RecordingConfiguration>> ListOwnedAsync(StreamIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return [.. (await ivs.ListRecordingConfigurationsAsync(cancellationToken)).Where(c => c.Name == identity.IvsChannelName && identity.IsTaggedOn(c.Tags))];
    }
}
