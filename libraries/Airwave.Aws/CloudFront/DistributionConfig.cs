using System.Globalization;
using System.Xml.Linq;

namespace Airwave.Aws.CloudFront;

/// <summary>
/// A distribution's configuration as the XML document CloudFront returned. Everything Airwave does not
/// manage is carried through untouched, so an update never drops settings someone else made.
/// Instances are immutable: the With/Without methods return changed copies.
/// </summary>
public sealed class DistributionConfig
{
    private const string HttpsOnly = "https-only";
    private const string RedirectToHttps = "redirect-to-https";
    private readonly XElement _root;

    private DistributionConfig(XElement root) => _root = root;

    public static DistributionConfig Parse(string xml) => FromElement(XElement.Parse(xml));

    public static DistributionConfig FromElement(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Name.LocalName != "DistributionConfig")
        {
            throw new FormatException($"Expected a DistributionConfig element, got {element.Name.LocalName}.");
        }
        return new DistributionConfig(new XElement(element) { Name = CloudFrontXml.Name("DistributionConfig") });
    }

    public string CallerReference => Child(_root, "CallerReference")?.Value ?? "";

    public string Comment => Child(_root, "Comment")?.Value ?? "";

    public bool Enabled => string.Equals(Child(_root, "Enabled")?.Value, "true", StringComparison.Ordinal);

    public IReadOnlyList<CloudFrontOrigin> Origins =>
        Items(_root, "Origins").Select(origin => new CloudFrontOrigin(
            Child(origin, "Id")?.Value ?? "",
            Child(origin, "DomainName")?.Value ?? "",
            Child(origin, "OriginPath")?.Value ?? "",
            Child(origin, "S3OriginConfig") is null ? null : Child(origin, "OriginAccessControlId")?.Value ?? "",
            CustomHeadersOf(origin))).ToList();

    public IReadOnlyList<CloudFrontCacheBehavior> CacheBehaviors =>
        Items(_root, "CacheBehaviors").Select(behavior => new CloudFrontCacheBehavior(
            Child(behavior, "PathPattern")?.Value ?? "",
            Child(behavior, "TargetOriginId")?.Value ?? "",
            Child(behavior, "CachePolicyId")?.Value ?? "",
            Child(behavior, "ResponseHeadersPolicyId")?.Value is { Length: > 0 } headers ? headers : null,
            TrustedKeyGroupOf(behavior))).ToList();

    public string DefaultTargetOriginId => Child(Child(_root, "DefaultCacheBehavior"), "TargetOriginId")?.Value ?? "";

    /// <summary>
    /// Puts the origin and its cache behavior on the distribution, touching only what they own. An origin with the
    /// same id keeps its place and everything the caller does not manage (origin shield, access control, timeouts
    /// someone tuned); only its domain, path and protocol policy are set where they differ. The behavior is found by
    /// its target origin (else by its path pattern) and likewise keeps its place, since the order of cache
    /// behaviors is their precedence; a new origin or behavior is appended. When nothing differs the result's XML
    /// is the original's, so a caller can tell a real change from none.
    /// </summary>
    public DistributionConfig WithOrigin(CloudFrontOrigin origin, CloudFrontCacheBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(behavior);
        var root = new XElement(_root);
        var existingOrigin = Items(root, "Origins").FirstOrDefault(o => Child(o, "Id")?.Value == origin.Id);
        if (existingOrigin is null)
        {
            SetItems(root, "Origins", [.. Items(root, "Origins"), OriginElement(origin)]);
        }
        else if (origin.IsS3 && Child(existingOrigin, "S3OriginConfig") is not null)
        {
            SetValue(existingOrigin, "DomainName", origin.DomainName);
            SetValue(existingOrigin, "OriginPath", origin.OriginPath, after: "DomainName");
            SetValue(existingOrigin, "OriginAccessControlId", origin.OriginAccessControlId!, after: existingOrigin.Elements().Last().Name.LocalName);
        }
        else if (!origin.IsS3 && Child(existingOrigin, "CustomOriginConfig") is { } custom)
        {
            SetValue(existingOrigin, "DomainName", origin.DomainName);
            SetValue(existingOrigin, "OriginPath", origin.OriginPath, after: "DomainName");
            if (!SameHeaders(CustomHeadersOf(existingOrigin), origin.CustomHeaders))
            {
                // The origin is the caller's: its headers are exactly the ones it asks for.
                Child(existingOrigin, "CustomHeaders")?.Remove();
                Child(existingOrigin, "OriginPath")!.AddAfterSelf(CustomHeadersElement(origin.CustomHeaders));
            }

            SetValue(custom, "OriginProtocolPolicy", HttpsOnly);
        }
        else
        {
            existingOrigin.ReplaceWith(OriginElement(origin));
        }

        var behaviors = Items(root, "CacheBehaviors").ToList();
        var existingBehavior = behaviors.FirstOrDefault(b => Child(b, "TargetOriginId")?.Value == origin.Id)
            ?? behaviors.FirstOrDefault(b => Child(b, "PathPattern")?.Value == behavior.PathPattern);
        if (existingBehavior is null)
        {
            SetItems(root, "CacheBehaviors", [.. behaviors, BehaviorElement(behavior)]);
            return new DistributionConfig(root);
        }

        // Earlier behaviors of this origin (a path it no longer serves) go; the one kept is the first.
        var stale = behaviors.Where(b => b != existingBehavior && Child(b, "TargetOriginId")?.Value == origin.Id).ToList();
        if (stale.Count > 0)
        {
            stale.ForEach(b => b.Remove());
            Child(Child(root, "CacheBehaviors"), "Quantity")!.Value = (behaviors.Count - stale.Count).ToString(CultureInfo.InvariantCulture);
        }

        if (Child(existingBehavior, "CachePolicyId") is null)
        {
            // A legacy behavior (forwarded values and TTLs) cannot also name a cache policy: it is replaced whole.
            existingBehavior.ReplaceWith(BehaviorElement(behavior));
        }
        else
        {
            SetValue(existingBehavior, "PathPattern", behavior.PathPattern);
            SetValue(existingBehavior, "TargetOriginId", behavior.TargetOriginId);
            if (TrustedKeyGroupOf(existingBehavior) != behavior.TrustedKeyGroupId)
            {
                var trusted = TrustedKeyGroupsElement(behavior.TrustedKeyGroupId);
                if (Child(existingBehavior, "TrustedKeyGroups") is { } existing)
                {
                    existing.ReplaceWith(trusted);
                }
                else
                {
                    // CloudFront validates element order: trusted key groups follow trusted signers, which follow the target.
                    (Child(existingBehavior, "TrustedSigners") ?? Child(existingBehavior, "TargetOriginId"))!.AddAfterSelf(trusted);
                }
            }

            SetValue(existingBehavior, "ViewerProtocolPolicy", RedirectToHttps);
            SetValue(existingBehavior, "CachePolicyId", behavior.CachePolicyId);
            if (behavior.ResponseHeadersPolicyId is { } headers)
            {
                // CloudFront validates element order: the response headers policy follows the origin request policy, if any.
                SetValue(existingBehavior, "ResponseHeadersPolicyId", headers, after: Child(existingBehavior, "OriginRequestPolicyId") is null ? "CachePolicyId" : "OriginRequestPolicyId");
            }
        }

        return new DistributionConfig(root);
    }

    /// <summary>Removes the origin and every cache behavior that targets it.</summary>
    public DistributionConfig WithoutOrigin(string originId)
    {
        var root = new XElement(_root);
        SetItems(root, "Origins", Items(root, "Origins").Where(o => Child(o, "Id")?.Value != originId).ToList());
        SetItems(root, "CacheBehaviors", Items(root, "CacheBehaviors").Where(b => Child(b, "TargetOriginId")?.Value != originId).ToList());
        return new DistributionConfig(root);
    }

    public XElement ToElement() => new(_root);

    public string ToXml() => new XDocument(new XDeclaration("1.0", "UTF-8", null), ToElement()).Declaration + ToElement().ToString(SaveOptions.DisableFormatting);

    private static XElement OriginElement(CloudFrontOrigin origin) =>
        new(CloudFrontXml.Name("Origin"),
            new XElement(CloudFrontXml.Name("Id"), origin.Id),
            new XElement(CloudFrontXml.Name("DomainName"), origin.DomainName),
            new XElement(CloudFrontXml.Name("OriginPath"), origin.OriginPath),
            CustomHeadersElement(origin.CustomHeaders),
            origin.IsS3
                ? new XElement(CloudFrontXml.Name("S3OriginConfig"), new XElement(CloudFrontXml.Name("OriginAccessIdentity"), ""))
                : new XElement(CloudFrontXml.Name("CustomOriginConfig"),
                new XElement(CloudFrontXml.Name("HTTPPort"), 80),
                new XElement(CloudFrontXml.Name("HTTPSPort"), 443),
                new XElement(CloudFrontXml.Name("OriginProtocolPolicy"), HttpsOnly),
                new XElement(CloudFrontXml.Name("OriginSslProtocols"),
                    new XElement(CloudFrontXml.Name("Quantity"), 1),
                    new XElement(CloudFrontXml.Name("Items"), new XElement(CloudFrontXml.Name("SslProtocol"), "TLSv1.2"))),
                new XElement(CloudFrontXml.Name("OriginReadTimeout"), 30),
                new XElement(CloudFrontXml.Name("OriginKeepaliveTimeout"), 5)),
            new XElement(CloudFrontXml.Name("ConnectionAttempts"), 3),
            new XElement(CloudFrontXml.Name("ConnectionTimeout"), 10),
            origin.IsS3 ? new XElement(CloudFrontXml.Name("OriginAccessControlId"), origin.OriginAccessControlId) : null);

    private static XElement BehaviorElement(CloudFrontCacheBehavior behavior) =>
        new(CloudFrontXml.Name("CacheBehavior"),
            new XElement(CloudFrontXml.Name("PathPattern"), behavior.PathPattern),
            new XElement(CloudFrontXml.Name("TargetOriginId"), behavior.TargetOriginId),
            new XElement(CloudFrontXml.Name("TrustedSigners"), new XElement(CloudFrontXml.Name("Enabled"), "false"), new XElement(CloudFrontXml.Name("Quantity"), 0)),
            TrustedKeyGroupsElement(behavior.TrustedKeyGroupId),
            new XElement(CloudFrontXml.Name("ViewerProtocolPolicy"), RedirectToHttps),
            new XElement(CloudFrontXml.Name("AllowedMethods"),
                new XElement(CloudFrontXml.Name("Quantity"), 2),
                new XElement(CloudFrontXml.Name("Items"), new XElement(CloudFrontXml.Name("Method"), "HEAD"), new XElement(CloudFrontXml.Name("Method"), "GET")),
                new XElement(CloudFrontXml.Name("CachedMethods"),
                    new XElement(CloudFrontXml.Name("Quantity"), 2),
                    new XElement(CloudFrontXml.Name("Items"), new XElement(CloudFrontXml.Name("Method"), "HEAD"), new XElement(CloudFrontXml.Name("Method"), "GET")))),
            new XElement(CloudFrontXml.Name("SmoothStreaming"), "false"),
            new XElement(CloudFrontXml.Name("Compress"), "true"),
            new XElement(CloudFrontXml.Name("LambdaFunctionAssociations"), new XElement(CloudFrontXml.Name("Quantity"), 0)),
            new XElement(CloudFrontXml.Name("FunctionAssociations"), new XElement(CloudFrontXml.Name("Quantity"), 0)),
            new XElement(CloudFrontXml.Name("FieldLevelEncryptionId"), ""),
            new XElement(CloudFrontXml.Name("CachePolicyId"), behavior.CachePolicyId),
            behavior.ResponseHeadersPolicyId is { } headers ? new XElement(CloudFrontXml.Name("ResponseHeadersPolicyId"), headers) : null);

    private static Dictionary<string, string>? CustomHeadersOf(XElement origin)
    {
        var headers = Items(origin, "CustomHeaders").ToDictionary(h => Child(h, "HeaderName")?.Value ?? "", h => Child(h, "HeaderValue")?.Value ?? "", StringComparer.OrdinalIgnoreCase);
        return headers.Count == 0 ? null : headers;
    }

    private static bool SameHeaders(Dictionary<string, string>? existing, IReadOnlyDictionary<string, string>? wanted) =>
        (existing?.Count ?? 0) == (wanted?.Count ?? 0)
        && (wanted ?? new Dictionary<string, string>()).All(h => existing!.TryGetValue(h.Key, out var value) && value == h.Value);

    private static XElement CustomHeadersElement(IReadOnlyDictionary<string, string>? headers) =>
        headers is not { Count: > 0 }
            ? new XElement(CloudFrontXml.Name("CustomHeaders"), new XElement(CloudFrontXml.Name("Quantity"), 0))
            : new XElement(CloudFrontXml.Name("CustomHeaders"),
                new XElement(CloudFrontXml.Name("Quantity"), headers.Count),
                new XElement(CloudFrontXml.Name("Items"), headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h =>
                    new XElement(CloudFrontXml.Name("OriginCustomHeader"),
                        new XElement(CloudFrontXml.Name("HeaderName"), h.Key),
                        new XElement(CloudFrontXml.Name("HeaderValue"), h.Value)))));

    /// <summary>The key group a behavior's signed requests must be signed with; null when it serves unsigned requests.</summary>
    private static string? TrustedKeyGroupOf(XElement behavior) =>
        Child(behavior, "TrustedKeyGroups") is { } trusted && Child(trusted, "Enabled")?.Value == "true"
            ? Items(behavior, "TrustedKeyGroups").FirstOrDefault()?.Value
            : null;

    private static XElement TrustedKeyGroupsElement(string? keyGroupId) =>
        keyGroupId is null
            ? new XElement(CloudFrontXml.Name("TrustedKeyGroups"), new XElement(CloudFrontXml.Name("Enabled"), "false"), new XElement(CloudFrontXml.Name("Quantity"), 0))
            : new XElement(CloudFrontXml.Name("TrustedKeyGroups"),
                new XElement(CloudFrontXml.Name("Enabled"), "true"),
                new XElement(CloudFrontXml.Name("Quantity"), 1),
                new XElement(CloudFrontXml.Name("Items"), new XElement(CloudFrontXml.Name("KeyGroup"), keyGroupId)));

    /// <summary>Sets a child's text only where it differs; a missing child is added after <paramref name="after"/>.</summary>
    private static void SetValue(XElement parent, string localName, string value, string? after = null)
    {
        if (Child(parent, localName) is { } element)
        {
            if (element.Value != value)
            {
                element.Value = value;
            }

            return;
        }

        var added = new XElement(CloudFrontXml.Name(localName), value);
        if (after is not null && Child(parent, after) is { } previous)
        {
            previous.AddAfterSelf(added);
        }
        else
        {
            parent.AddFirst(added);
        }
    }

    private static XElement? Child(XElement? parent, string localName) => parent?.Element(CloudFrontXml.Name(localName));

    private static IEnumerable<XElement> Items(XElement root, string listName) =>
        Child(Child(root, listName), "Items")?.Elements() ?? [];

    /// <summary>Writes a CloudFront list (<c>Quantity</c> + <c>Items</c>); an empty list has no <c>Items</c>, as CloudFront returns it.</summary>
    private static void SetItems(XElement root, string listName, List<XElement> items)
    {
        // Materialize before clearing the list the items may come from.
        var copies = items.Select(item => new XElement(item)).ToList();
        var list = Child(root, listName);
        if (list is null)
        {
            list = new XElement(CloudFrontXml.Name(listName));
            // CloudFront validates element order: CacheBehaviors follows DefaultCacheBehavior.
            (Child(root, "DefaultCacheBehavior") ?? root.Elements().Last()).AddAfterSelf(list);
        }
        list.RemoveNodes();
        list.Add(new XElement(CloudFrontXml.Name("Quantity"), copies.Count.ToString(CultureInfo.InvariantCulture)));
        if (copies.Count > 0)
        {
            list.Add(new XElement(CloudFrontXml.Name("Items"), copies));
        }
    }
}
