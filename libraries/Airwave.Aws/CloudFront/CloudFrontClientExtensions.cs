using Airwave.Aws.Errors;

namespace Airwave.Aws.CloudFront;

/// <summary>Read-modify-write of a distribution's configuration under If-Match, re-reading when someone else won the race.</summary>
public static class CloudFrontClientExtensions
{
    private const int MaxConflicts = 5;

    /// <summary>Adds (or replaces) the origin and its cache behavior: the configuration as it is now, and whether it was written.</summary>
    public static Task<(DistributionConfig Config, bool Written)> PlaceOriginAsync(this ICloudFrontClient client, string distributionId, CloudFrontOrigin origin, CloudFrontCacheBehavior behavior, CancellationToken cancellationToken) =>
        client.ChangeAsync(distributionId, config => config.WithOrigin(origin, behavior), cancellationToken);

    /// <summary>Removes the origin and its cache behaviors. Returns false when there was nothing to remove.</summary>
    public static Task<bool> RemoveOriginAsync(this ICloudFrontClient client, string distributionId, string originId, CancellationToken cancellationToken) =>
        client.ModifyAsync(distributionId, config => config.WithoutOrigin(originId), cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the current configuration and saves it if it changed anything.</summary>
    public static async Task<bool> ModifyAsync(this ICloudFrontClient client, string distributionId, Func<DistributionConfig, DistributionConfig> change, CancellationToken cancellationToken) =>
        (await client.ChangeAsync(distributionId, change, cancellationToken)).Written;

    /// <summary>
    /// Applies <paramref name="change"/> to the current configuration and saves it if it changed anything: the
    /// configuration as saved (or as found, when nothing changed), and whether it was written.
    /// </summary>
    public static async Task<(DistributionConfig Config, bool Written)> ChangeAsync(this ICloudFrontClient client, string distributionId, Func<DistributionConfig, DistributionConfig> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await client.GetDistributionConfigAsync(distributionId, cancellationToken);
            var changed = change(current.Config);
            if (changed.ToXml() == current.Config.ToXml())
            {
                return (current.Config, false);
            }
            try
            {
                await client.UpdateDistributionConfigAsync(distributionId, changed, current.ETag, cancellationToken);
                return (changed, true);
            }
            catch (AwsPreconditionFailedException) when (attempt < MaxConflicts)
            {
                // Another writer updated the distribution between our read and write: start over from its version.
            }
        }
    }
}
