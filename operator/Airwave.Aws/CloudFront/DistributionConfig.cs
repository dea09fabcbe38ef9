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
            Child(origin, "OriginPath")?.Value ?? "")).ToList();

    public IReadOnlyList<CloudFrontCacheBehavior> CacheBehaviors =>
        Items(_root, "CacheBehaviors").Select(behavior => new CloudFrontCacheBehavior(
            Child(behavior, "PathPattern")?.Value ?? "",
            Child(behavior, "TargetOriginId")?.Value ?? "",
            Child(behavior, "CachePolicyId")?.Value ?? "")).ToList();

    public string DefaultTargetOriginId => Child(Child(_root, "DefaultCacheBehavior"), "TargetOriginId")?.Value ?? "";

    /// <summary>Adds the origin and its cache behavior, replacing an origin with the same id and a behavior with the same path pattern.</summary>
    public DistributionConfig WithOrigin(CloudFrontOrigin origin, CloudFrontCacheBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(behavior);
        var root = new XElement(_root);
        SetItems(root, "Origins", [.. Items(root, "Origins").Where(o => Child(o, "Id")?.Value != origin.Id), OriginElement(origin)]);
        SetItems(root, "CacheBehaviors", [.. Items(root, "CacheBehaviors").Where(b => Child(b, "PathPattern")?.Value != behavior.PathPattern), BehaviorElement(behavior)]);
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
            new XElement(CloudFrontXml.Name("CustomHeaders"), new XElement(CloudFrontXml.Name("Quantity"), 0)),
            new XElement(CloudFrontXml.Name("CustomOriginConfig"),
                new XElement(CloudFrontXml.Name("HTTPPort"), 80),
                new XElement(CloudFrontXml.Name("HTTPSPort"), 443),
                new XElement(CloudFrontXml.Name("OriginProtocolPolicy"), "https-only"),
                new XElement(CloudFrontXml.Name("OriginSslProtocols"),
                    new XElement(CloudFrontXml.Name("Quantity"), 1),
                    new XElement(CloudFrontXml.Name("Items"), new XElement(CloudFrontXml.Name("SslProtocol"), "TLSv1.2"))),
                new XElement(CloudFrontXml.Name("OriginReadTimeout"), 30),
                new XElement(CloudFrontXml.Name("OriginKeepaliveTimeout"), 5)),
            new XElement(CloudFrontXml.Name("ConnectionAttempts"), 3),
            new XElement(CloudFrontXml.Name("ConnectionTimeout"), 10));

    private static XElement BehaviorElement(CloudFrontCacheBehavior behavior) =>
        new(CloudFrontXml.Name("CacheBehavior"),
            new XElement(CloudFrontXml.Name("PathPattern"), behavior.PathPattern),
            new XElement(CloudFrontXml.Name("TargetOriginId"), behavior.TargetOriginId),
            new XElement(CloudFrontXml.Name("TrustedSigners"), new XElement(CloudFrontXml.Name("Enabled"), "false"), new XElement(CloudFrontXml.Name("Quantity"), 0)),
            new XElement(CloudFrontXml.Name("TrustedKeyGroups"), new XElement(CloudFrontXml.Name("Enabled"), "false"), new XElement(CloudFrontXml.Name("Quantity"), 0)),
            new XElement(CloudFrontXml.Name("ViewerProtocolPolicy"), "redirect-to-https"),
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
            new XElement(CloudFrontXml.Name("CachePolicyId"), behavior.CachePolicyId));

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
