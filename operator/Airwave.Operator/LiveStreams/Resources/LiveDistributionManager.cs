using Airwave.Aws.CloudFront;
using Airwave.Aws.Errors;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The stream's place on the live distribution as read: the distribution's configuration, and the stream's origin and cache behavior in it.</summary>
public sealed record LivePlace(DistributionConfig Config, CloudFrontOrigin Origin, CloudFrontCacheBehavior? Behavior);

/// <summary>What the stream's place should be: the origin it is served from, the cache behavior that sends its path there, and the path viewers ask for.</summary>
public sealed record LivePlan(CloudFrontOrigin Origin, CloudFrontCacheBehavior Behavior, string ViewerPath);

/// <summary>
/// The stream's place on the shared "live" CloudFront distribution: an origin for its MediaPackage endpoint (or, for
/// an S3Upload stream, the archive bucket, read through the installation's origin access control) and a cache
/// behavior for the endpoint's path (the session's prefix, with the installation's <see cref="UploadHeadersPolicy"/>).
/// The distribution is the installation's and holds other origins: a write changes only the stream's own, in place
/// (<see cref="DistributionConfig.WithOrigin"/>), read-modify-write under If-Match.
/// </summary>
public sealed class LiveDistributionManager(ICloudFrontClient cloudFront, UploadHeadersPolicy uploadHeaders, CdnIdentifiers cdnIdentifiers, Configuration.OperatorOptions options)
    : IAwsResourceManager<LivePlace, LivePlan>
{
    private string DistributionId => options.LiveDistributionId ?? throw new InvalidOperationException("The operator has no live distribution (liveDistributionId).");

    /// <summary>
    /// A stream served from its MediaPackage endpoint: the endpoint's host, and its playlist's folder; for an endpoint
    /// with CDN authorization, the origin sends its CDN identifier.
    /// </summary>
    public async Task<LivePlan> EndpointPlanAsync(StreamIdentity identity, OriginEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(endpoint);
        var url = new Uri(endpoint.Url);
        var folder = url.AbsolutePath[..(url.AbsolutePath.LastIndexOf('/') + 1)];
        var headers = await cdnIdentifiers.HeadersForAsync(endpoint, cancellationToken);
        return new LivePlan(new CloudFrontOrigin(identity.CloudFrontOriginId, url.Host, CustomHeaders: headers), new CloudFrontCacheBehavior(folder + "*", identity.CloudFrontOriginId), url.AbsolutePath);
    }

    /// <summary>An S3Upload stream's session: the playlist the app uploads under <paramref name="prefix"/>, read from the bucket uncached.</summary>
    public async Task<LivePlan> UploadPlanAsync(StreamIdentity identity, string bucket, string prefix, string playlist, string originAccessControlId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(playlist);
        var folder = "/" + string.Join('/', prefix.Split('/').Select(Uri.EscapeDataString)) + "/";

        // The app's playlist carries no Cache-Control: cached with CloudFront's default lifetime, a live playlist would
        // stop moving, so the session's requests all go to the bucket.
        var headers = await uploadHeaders.IdAsync(identity.Cluster, cancellationToken);
        return new LivePlan(
            new CloudFrontOrigin(identity.CloudFrontOriginId, CloudFrontOrigin.BucketDomain(bucket, options.Upload.Region), OriginAccessControlId: originAccessControlId),
            new CloudFrontCacheBehavior(folder + "*", identity.CloudFrontOriginId, CloudFrontCacheBehavior.CachingDisabled, headers),
            folder + string.Join('/', playlist.Split('/').Select(Uri.EscapeDataString)));
    }

    /// <param name="knownId">The stream's origin id when its status says it is on the distribution (an origin gone is then missing), else null.</param>
    public async Task<Observed<LivePlace>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var config = (await cloudFront.GetDistributionConfigAsync(DistributionId, cancellationToken)).Config;
        if (config.Origins.FirstOrDefault(o => o.Id == identity.CloudFrontOriginId) is not { } origin)
        {
            return knownId is null ? Observed.Absent<LivePlace>() : Observed.Missing<LivePlace>();
        }

        return Observed.Found(new LivePlace(config, origin, config.CacheBehaviors.FirstOrDefault(b => b.TargetOriginId == origin.Id)));
    }

    /// <param name="replacing">Unused: the origin's id is the stream's.</param>
    public Task<LivePlace> CreateAsync(LivePlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken) => WriteAsync(plan, cancellationToken);

    /// <summary>
    /// The stream's fields on the distribution that differ from the plan, in CloudFront's words; what CloudFront fills in
    /// and what the stream does not manage (origin shield, timeouts someone tuned) are not among them.
    /// </summary>
    public ResourceDelta Delta(LivePlace resource, LivePlan plan, bool specChanged)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        if (resource.Config.WithOrigin(plan.Origin, plan.Behavior).ToXml() == resource.Config.ToXml())
        {
            return new ResourceDelta([], specChanged);
        }

        var (id, origin, behavior) = (plan.Origin.Id, resource.Origin, resource.Behavior);
        var fields = new List<string>();
        Compare(fields, $"origins[{id}].domainName", origin.DomainName, plan.Origin.DomainName);
        Compare(fields, $"origins[{id}].originPath", origin.OriginPath, plan.Origin.OriginPath);
        Compare(fields, $"origins[{id}].originAccessControlId", origin.OriginAccessControlId ?? "", plan.Origin.OriginAccessControlId ?? "");
        // Names only: a header's value may be a secret (the CDN identifier).
        Compare(fields, $"origins[{id}].customHeaders", HeaderNames(origin.CustomHeaders), HeaderNames(plan.Origin.CustomHeaders));
        Compare(fields, $"cacheBehaviors[{id}].pathPattern", behavior?.PathPattern, plan.Behavior.PathPattern);
        Compare(fields, $"cacheBehaviors[{id}].cachePolicyId", behavior?.CachePolicyId, plan.Behavior.CachePolicyId);
        Compare(fields, $"cacheBehaviors[{id}].responseHeadersPolicyId", behavior?.ResponseHeadersPolicyId, plan.Behavior.ResponseHeadersPolicyId);
        Compare(fields, $"cacheBehaviors[{id}].trustedKeyGroups", behavior?.TrustedKeyGroupId ?? "", plan.Behavior.TrustedKeyGroupId ?? "");
        if (fields.Count == 0)
        {
            // A protocol policy, or a second behavior of the stream's origin.
            fields.Add($"origins[{id}], cacheBehaviors[{id}]");
        }

        return new ResourceDelta(fields, specChanged);
    }

    public Task<LivePlace> UpdateAsync(LivePlace resource, LivePlan plan, CancellationToken cancellationToken) => WriteAsync(plan, cancellationToken);

    /// <summary>Takes the stream's origin and its cache behaviors off the distribution.</summary>
    /// <param name="id">The stream's origin id.</param>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await cloudFront.RemoveOriginAsync(DistributionId, id, cancellationToken);
        return true;
    }

    /// <summary>Where viewers play <paramref name="path"/>: under the installation's playback address, else the distribution's domain.</summary>
    public async Task<string> ViewerUrlAsync(string path, CancellationToken cancellationToken)
    {
        if (options.LivePlaybackBaseUrl is { } viewers)
        {
            return viewers.ToString().TrimEnd('/') + path;
        }

        var distribution = await cloudFront.GetDistributionAsync(DistributionId, cancellationToken);
        return $"https://{distribution.DomainName}{path}";
    }

    private async Task<LivePlace> WriteAsync(LivePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        DistributionConfig config;
        try
        {
            (config, _) = await cloudFront.PlaceOriginAsync(DistributionId, plan.Origin, plan.Behavior, cancellationToken);
        }
        catch (AwsNotFoundException e) when (e.ErrorCode == "NoSuchResponseHeadersPolicy" && plan.Behavior.ResponseHeadersPolicyId is { } policy)
        {
            // Deleted behind the operator's back: the next plan makes it again.
            uploadHeaders.ForgetId(policy);
            throw;
        }

        return new LivePlace(config, plan.Origin, plan.Behavior);
    }

    private static string HeaderNames(IReadOnlyDictionary<string, string>? headers) =>
        string.Join(',', (headers ?? new Dictionary<string, string>()).Keys.Order(StringComparer.OrdinalIgnoreCase));

    private static void Compare(List<string> fields, string field, string? actual, string? wanted)
    {
        if (!string.Equals(actual, wanted, StringComparison.Ordinal))
        {
            fields.Add(field);
        }
    }
}
