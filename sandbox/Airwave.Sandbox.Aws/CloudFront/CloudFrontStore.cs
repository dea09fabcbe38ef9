using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Sandbox.Aws.Models;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// CloudFront distributions, configurations kept as the XML clients sent completed with CloudFront's defaults
/// (<see cref="DistributionConfigShape"/>). Every change issues a new ETag and
/// puts the distribution InProgress until it has "deployed" after the transition delay.
/// </summary>
internal sealed partial class CloudFrontStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DistributionEntry> _distributions = new(StringComparer.Ordinal);
    private readonly AwsEmulatorOptions _options;

    public CloudFrontStore(AwsEmulatorOptions options)
    {
        _options = options;
        var liveOrigin = E("Origin",
            E("Id", "default"),
            E("DomainName", "live.example.com"),
            E("OriginPath", ""),
            E("CustomHeaders", E("Quantity", 0)),
            E("CustomOriginConfig",
                E("HTTPPort", 80),
                E("HTTPSPort", 443),
                E("OriginProtocolPolicy", "https-only"),
                E("OriginSslProtocols", E("Quantity", 1), E("Items", E("SslProtocol", "TLSv1.2"))),
                E("OriginReadTimeout", 30),
                E("OriginKeepaliveTimeout", 5)),
            E("ConnectionAttempts", 3),
            E("ConnectionTimeout", 10));
        var videoOrigin = E("Origin",
            E("Id", "videos"),
            E("DomainName", $"{options.VideoBucket}.s3.{options.Region}.amazonaws.com"),
            E("OriginPath", ""),
            E("CustomHeaders", E("Quantity", 0)),
            E("S3OriginConfig", E("OriginAccessIdentity", "")),
            E("ConnectionAttempts", 3),
            E("ConnectionTimeout", 10),
            E("OriginAccessControlId", options.ArchiveOriginAccessControlId));
        foreach (var (id, config) in new[]
        {
            (options.LiveDistributionId, InstallationConfig("airwave-sandbox-live", "Airwave sandbox live distribution", liveOrigin)),
            (options.VideoDistributionId, InstallationConfig("airwave-sandbox-videos", "Airwave sandbox video distribution", videoOrigin, SignedVideosBehavior(options))),
        })
        {
            _distributions[id] = new DistributionEntry(id, ArnOf(id), DomainNameOf(), DistributionConfigShape.Complete(config), ResourceIds.CloudFront())
            {
                LastModified = options.Time.GetUtcNow(),
            };
        }

        _accessControls[options.ArchiveOriginAccessControlId] = new OriginAccessControlEntry(options.ArchiveOriginAccessControlId, ArchiveAccessControlConfig(), ResourceIds.CloudFront());
    }

    public (XElement Body, string ETag, string Id) Create(string body)
    {
        lock (_lock)
        {
            var config = DistributionConfigShape.Complete(Parse(body));
            Validate(config);
            var callerReference = Value(config, "CallerReference");
            if (_distributions.Values.Any(d => Value(d.Config, "CallerReference") == callerReference))
            {
                throw new AwsApiException(HttpStatusCode.Conflict, "DistributionAlreadyExists", $"The caller reference {callerReference} is already associated with a distribution.");
            }
            var id = ResourceIds.CloudFront();
            var entry = new DistributionEntry(id, ArnOf(id), DomainNameOf(), config, ResourceIds.CloudFront()) { LastModified = Now };
            entry.Status.Begin(DistributionStatus.InProgress, DistributionStatus.Deployed, Now + _options.TransitionDelay);
            _distributions[id] = entry;
            return (DistributionXml(entry), entry.ETag, id);
        }
    }

    public (XElement Body, string ETag) Get(string id)
    {
        lock (_lock)
        {
            var entry = Find(id);
            return (DistributionXml(entry), entry.ETag);
        }
    }

    public (XElement Body, string ETag) GetConfig(string id)
    {
        lock (_lock)
        {
            var entry = Find(id);
            return (new XElement(entry.Config), entry.ETag);
        }
    }

    public (XElement Body, string ETag) Update(string id, string body, string? ifMatch)
    {
        lock (_lock)
        {
            var entry = Find(id);
            if (string.IsNullOrEmpty(ifMatch))
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.");
            }
            if (ifMatch != entry.ETag)
            {
                throw new AwsApiException(HttpStatusCode.PreconditionFailed, "PreconditionFailed", "The request failed because it didn't meet the preconditions in one or more request-header fields.");
            }
            var config = DistributionConfigShape.Complete(Parse(body));
            Validate(config);
            if (Value(config, "CallerReference") != Value(entry.Config, "CallerReference"))
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "IllegalUpdate", "The CallerReference of a distribution cannot be changed.");
            }
            entry.Config = config;
            entry.ETag = ResourceIds.CloudFront();
            entry.LastModified = Now;
            entry.Status.Begin(DistributionStatus.InProgress, DistributionStatus.Deployed, Now + _options.TransitionDelay);
            return (DistributionXml(entry), entry.ETag);
        }
    }

    /// <summary>
    /// A page of ListDistributions: summaries in creation order after <paramref name="marker"/> (a distribution id),
    /// at most <paramref name="maxItems"/> of them (CloudFront's default is 100).
    /// </summary>
    public XElement ListSummaries(string? marker, string? maxItems)
    {
        lock (_lock)
        {
            return ListXml("DistributionList", [.. _distributions.Values], d => d.Id, Summary, marker, maxItems);
        }
    }

    /// <summary>
    /// A page of one of CloudFront's lists (Marker, NextMarker, MaxItems, IsTruncated, Quantity, Items): the items in
    /// creation order after <paramref name="marker"/> (an id), at most <paramref name="maxItems"/> (CloudFront's default is 100).
    /// The lists of policies have no Marker or IsTruncated (<paramref name="policyList"/>).
    /// </summary>
    private static XElement ListXml<T>(string listName, List<T> all, Func<T, string> idOf, Func<T, XElement> item, string? marker, string? maxItems, bool policyList = false)
    {
        var limit = 100;
        if (!string.IsNullOrEmpty(maxItems) && (!int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"The value of MaxItems ({maxItems}) is not valid: it must be a positive integer.");
        }

        var start = string.IsNullOrEmpty(marker) ? 0 : all.FindIndex(i => idOf(i) == marker) + 1;
        var page = all.Skip(start).Take(limit).ToList();
        var truncated = start + page.Count < all.Count;
        return E(listName,
            policyList ? null : E("Marker", marker ?? ""),
            truncated ? E("NextMarker", idOf(page[^1])) : null,
            E("MaxItems", limit),
            policyList ? null : E("IsTruncated", truncated ? "true" : "false"),
            E("Quantity", page.Count),
            page.Count > 0 ? E("Items", page.Select(item)) : null);
    }

    /// <summary>The distribution's domain name (dxxxx.cloudfront.net).</summary>
    public string DomainName(string distributionId)
    {
        lock (_lock)
        {
            return Find(distributionId).DomainName;
        }
    }

    /// <summary>One distribution's configuration, or null when there is none by that id.</summary>
    public DistributionConfig? ConfigOf(string id)
    {
        lock (_lock)
        {
            return _distributions.TryGetValue(id, out var entry) ? DistributionConfig.FromElement(entry.Config) : null;
        }
    }

    public IReadOnlyList<(string Id, DistributionConfig Config)> List()
    {
        lock (_lock)
        {
            return _distributions.Values.Select(d => (d.Id, DistributionConfig.FromElement(d.Config))).ToList();
        }
    }

    private DateTimeOffset Now => _options.Time.GetUtcNow();

    private DistributionEntry Find(string id)
    {
        var entry = _distributions.GetValueOrDefault(id)
            ?? throw new AwsApiException(HttpStatusCode.NotFound, "NoSuchDistribution", "The specified distribution does not exist.");
        entry.Status.Advance(Now);
        return entry;
    }

    private static XElement Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "MissingBody", "This operation requires a body. Ensure that the body is present and the Content-Type header is set.");
        }
        try
        {
            var config = XElement.Parse(body);
            if (config.Name != CloudFrontXml.Name("DistributionConfig"))
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "MalformedXML", $"Expected a DistributionConfig element in namespace {CloudFrontXml.Namespace}, got {config.Name}.");
            }
            return config;
        }
        catch (XmlException error)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "MalformedXML", error.Message);
        }
    }

    /// <summary>The checks CloudFront makes that a read-modify-write client can get wrong.</summary>
    private void Validate(XElement config)
    {
        foreach (var required in new[] { "CallerReference", "Origins", "DefaultCacheBehavior", "Comment", "Enabled" })
        {
            if (config.Element(CloudFrontXml.Name(required)) is null)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"The DistributionConfig is missing the required element {required}.");
            }
        }
        XmlRequestValidator.Validate(ServiceModel.For(AwsServiceKind.CloudFront), "DistributionConfig", config);
        var origins = CheckedItems(config, "Origins");
        var behaviors = CheckedItems(config, "CacheBehaviors");
        CheckedItems(config, "Aliases");
        if (origins.Count == 0)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "A distribution needs at least one origin.");
        }
        var ids = origins.Select(o => Value(o, "Id")).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "The parameter origin Id must be unique.");
        }
        origins.ForEach(ValidateAccess);
        BehaviorsOf(config).ToList().ForEach(ValidateResponseHeaders);
        BehaviorsOf(config).ToList().ForEach(ValidateTrustedKeyGroups);
        var targets = behaviors.Select(b => Value(b, "TargetOriginId")).Append(Value(config.Element(CloudFrontXml.Name("DefaultCacheBehavior"))!, "TargetOriginId"));
        if (targets.FirstOrDefault(target => !ids.Contains(target)) is { } missing)
        {
            throw new AwsApiException(HttpStatusCode.NotFound, "NoSuchOrigin", $"One or more of your origins or origin groups do not exist: {missing}.");
        }
        if (behaviors.Prepend(config.Element(CloudFrontXml.Name("DefaultCacheBehavior"))!).Any(b => b.Element(CloudFrontXml.Name("CachePolicyId")) is null && b.Element(CloudFrontXml.Name("ForwardedValues")) is null))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "The parameter ForwardedValues is required.");
        }

        var patterns = behaviors.Select(b => Value(b, "PathPattern")).ToList();
        if (patterns.Distinct(StringComparer.Ordinal).Count() != patterns.Count)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "The parameter PathPattern must be unique across cache behaviors.");
        }
    }

    private static List<XElement> CheckedItems(XElement config, string listName)
    {
        var list = config.Element(CloudFrontXml.Name(listName));
        if (list is null)
        {
            return [];
        }
        var items = list.Element(CloudFrontXml.Name("Items"))?.Elements().ToList() ?? [];
        if (!int.TryParse(Value(list, "Quantity"), CultureInfo.InvariantCulture, out var quantity) || quantity != items.Count)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InconsistentQuantities", $"The value of Quantity and the size of Items don't match in {listName}.");
        }
        return items;
    }

    private static string Value(XElement parent, string name) => parent.Element(CloudFrontXml.Name(name))?.Value ?? "";

    /// <summary>
    /// A DistributionSummary: the distribution's identity and state, and the parts of its configuration that
    /// CloudFront summarises, with CloudFront's defaults for those the configuration leaves out.
    /// </summary>
    private XElement Summary(DistributionEntry entry)
    {
        entry.Status.Advance(Now);
        XElement Copied(string name, Func<XElement> fallback) => entry.Config.Element(CloudFrontXml.Name(name)) is { } element ? new XElement(element) : fallback();
        var summary = E("DistributionSummary",
            E("Id", entry.Id),
            E("ARN", entry.Arn),
            E("Status", entry.Status.Current.ToString()),
            E("LastModifiedTime", Timestamp(entry.LastModified)),
            E("DomainName", entry.DomainName),
            Copied("Aliases", () => E("Aliases", E("Quantity", 0))),
            Copied("Origins", () => E("Origins", E("Quantity", 0))));
        if (entry.Config.Element(CloudFrontXml.Name("OriginGroups")) is { } groups)
        {
            summary.Add(new XElement(groups));
        }

        summary.Add(
            Copied("DefaultCacheBehavior", () => E("DefaultCacheBehavior")),
            Copied("CacheBehaviors", () => E("CacheBehaviors", E("Quantity", 0))),
            Copied("CustomErrorResponses", () => E("CustomErrorResponses", E("Quantity", 0))),
            Copied("Comment", () => E("Comment", "")),
            Copied("PriceClass", () => E("PriceClass", "PriceClass_All")),
            Copied("Enabled", () => E("Enabled", "false")),
            Copied("ViewerCertificate", () => E("ViewerCertificate", E("CloudFrontDefaultCertificate", "true"), E("SSLSupportMethod", "vip"), E("MinimumProtocolVersion", "TLSv1"), E("CertificateSource", "cloudfront"))),
            Copied("Restrictions", () => E("Restrictions", E("GeoRestriction", E("RestrictionType", "none"), E("Quantity", 0)))),
            Copied("WebACLId", () => E("WebACLId", "")),
            Copied("HttpVersion", () => E("HttpVersion", "http2")),
            Copied("IsIPV6Enabled", () => E("IsIPV6Enabled", "false")),
            Copied("Staging", () => E("Staging", "false")));
        return summary;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static XElement DistributionXml(DistributionEntry entry)
    {
        return E("Distribution",
            E("Id", entry.Id),
            E("ARN", entry.Arn),
            E("Status", entry.Status.Current.ToString()),
            E("LastModifiedTime", Timestamp(entry.LastModified)),
            E("InProgressInvalidationBatches", 0),
            E("DomainName", entry.DomainName),
            E("ActiveTrustedSigners", E("Enabled", "false"), E("Quantity", 0)),
            E("ActiveTrustedKeyGroups", E("Enabled", "false"), E("Quantity", 0)),
            new XElement(entry.Config));
    }

    private string ArnOf(string id) => $"arn:aws:cloudfront::{_options.AccountId}:distribution/{id}";

    private static string DomainNameOf() => $"d{ResourceIds.Hex32()[..13]}.cloudfront.net";

    /// <summary>
    /// A distribution as a platform team would have set it up for Airwave: one origin that its default behavior reads
    /// (the live one's stands in until streams add theirs; the video one's is the bucket VideoAssets are stored in),
    /// and for the video one a behavior that serves Signed videos only to signed requests.
    /// </summary>
    private static XElement InstallationConfig(string callerReference, string comment, XElement origin, XElement? restricted = null)
    {
        return E("DistributionConfig",
            E("CallerReference", callerReference),
            E("Aliases", E("Quantity", 0)),
            E("DefaultRootObject", ""),
            E("Origins", E("Quantity", 1), E("Items", origin)),
            E("OriginGroups", E("Quantity", 0)),
            E("DefaultCacheBehavior", BehaviorContent((string?)origin.Element(CloudFrontXml.Name("Id")), trustedKeyGroup: null)),
            restricted is null ? E("CacheBehaviors", E("Quantity", 0)) : E("CacheBehaviors", E("Quantity", 1), E("Items", restricted)),
            E("CustomErrorResponses", E("Quantity", 0)),
            E("Comment", comment),
            E("Logging", E("Enabled", "false"), E("IncludeCookies", "false"), E("Bucket", ""), E("Prefix", "")),
            E("PriceClass", "PriceClass_All"),
            E("Enabled", "true"),
            E("ViewerCertificate", E("CloudFrontDefaultCertificate", "true"), E("SSLSupportMethod", "vip"), E("MinimumProtocolVersion", "TLSv1"), E("CertificateSource", "cloudfront")),
            E("Restrictions", E("GeoRestriction", E("RestrictionType", "none"), E("Quantity", 0))),
            E("WebACLId", ""),
            E("HttpVersion", "http2"),
            E("IsIPV6Enabled", "true"),
            E("Staging", "false"));
    }

    /// <summary>The elements of a cache behavior reading <paramref name="originId"/>, for anyone or only for requests signed with a key of <paramref name="trustedKeyGroup"/>.</summary>
    private static object[] BehaviorContent(string? originId, string? trustedKeyGroup) =>
    [
        E("TargetOriginId", originId),
        E("TrustedSigners", E("Enabled", "false"), E("Quantity", 0)),
        trustedKeyGroup is null
            ? E("TrustedKeyGroups", E("Enabled", "false"), E("Quantity", 0))
            : E("TrustedKeyGroups", E("Enabled", "true"), E("Quantity", 1), E("Items", E("KeyGroup", trustedKeyGroup))),
        E("ViewerProtocolPolicy", "redirect-to-https"),
        E("AllowedMethods", E("Quantity", 2), E("Items", E("Method", "HEAD"), E("Method", "GET")),
            E("CachedMethods", E("Quantity", 2), E("Items", E("Method", "HEAD"), E("Method", "GET")))),
        E("SmoothStreaming", "false"),
        E("Compress", "true"),
        E("LambdaFunctionAssociations", E("Quantity", 0)),
        E("FunctionAssociations", E("Quantity", 0)),
        E("FieldLevelEncryptionId", ""),
        E("CachePolicyId", CloudFrontCacheBehavior.CachingOptimized),
    ];
}
