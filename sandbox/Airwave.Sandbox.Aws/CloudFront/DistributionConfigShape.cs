using System.Net;
using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// The parts of a DistributionConfig that CloudFront completes, with their members in the order of the service
/// model (API 2020-05-31): CloudFront checks a request's elements against that order and answers every read with
/// the members it defaults filled in (an origin's OriginShield and OriginAccessControlId, the configuration's
/// ContinuousDeploymentPolicyId and Staging, ...), whether or not the writer sent them. A client that compares what
/// it wrote with what it reads must cope with that, so the emulator does it too.
/// </summary>
internal static class DistributionConfigShape
{
    private static readonly Dictionary<string, Member[]> Shapes = new(StringComparer.Ordinal)
    {
        ["DistributionConfig"] =
        [
            new("CallerReference"),
            new("Aliases", () => Quantity(0)),
            new("DefaultRootObject", () => ""),
            new("Origins"),
            new("OriginGroups", () => Quantity(0)),
            new("DefaultCacheBehavior"),
            new("CacheBehaviors", () => Quantity(0)),
            new("CustomErrorResponses", () => Quantity(0)),
            new("Comment"),
            new("Logging", () => new object[] { E("Enabled", "false"), E("IncludeCookies", "false"), E("Bucket", ""), E("Prefix", "") }),
            new("PriceClass", () => "PriceClass_All"),
            new("Enabled"),
            new("ViewerCertificate", () => new object[] { E("CloudFrontDefaultCertificate", "true"), E("SSLSupportMethod", "vip"), E("MinimumProtocolVersion", "TLSv1"), E("CertificateSource", "cloudfront") }),
            new("Restrictions", () => E("GeoRestriction", E("RestrictionType", "none"), E("Quantity", 0))),
            new("WebACLId", () => ""),
            new("HttpVersion", () => "http2"),
            new("IsIPV6Enabled", () => "false"),
            new("ContinuousDeploymentPolicyId", () => ""),
            new("Staging", () => "false"),
        ],
        ["Origin"] =
        [
            new("Id"),
            new("DomainName"),
            new("OriginPath", () => ""),
            new("CustomHeaders", () => Quantity(0)),
            new("S3OriginConfig"),
            new("CustomOriginConfig"),
            new("ConnectionAttempts", () => 3),
            new("ConnectionTimeout", () => 10),
            new("OriginShield", () => E("Enabled", "false")),
            new("OriginAccessControlId", () => ""),
        ],
        ["CustomOriginConfig"] =
        [
            new("HTTPPort"),
            new("HTTPSPort"),
            new("OriginProtocolPolicy"),
            new("OriginSslProtocols", () => new object[] { E("Quantity", 3), E("Items", E("SslProtocol", "TLSv1"), E("SslProtocol", "TLSv1.1"), E("SslProtocol", "TLSv1.2")) }),
            new("OriginReadTimeout", () => 30),
            new("OriginKeepaliveTimeout", () => 5),
        ],
        ["DefaultCacheBehavior"] = Behavior(withPathPattern: false),
        ["CacheBehavior"] = Behavior(withPathPattern: true),
    };

    /// <summary>
    /// Checks that <paramref name="config"/> names only the model's members, in its order, and returns a copy with
    /// CloudFront's defaults added where members are missing.
    /// </summary>
    /// <exception cref="AwsApiException">MalformedInput, as CloudFront answers XML its schema refuses.</exception>
    public static XElement Complete(XElement config)
    {
        var completed = new XElement(config);
        Complete(completed, "DistributionConfig");
        Complete(completed.Element(CloudFrontXml.Name("DefaultCacheBehavior")), "DefaultCacheBehavior");
        foreach (var origin in ItemsOf(completed, "Origins"))
        {
            Complete(origin, "Origin");
            Complete(origin.Element(CloudFrontXml.Name("CustomOriginConfig")), "CustomOriginConfig");
        }

        foreach (var behavior in ItemsOf(completed, "CacheBehaviors"))
        {
            Complete(behavior, "CacheBehavior");
        }

        return completed;
    }

    private static void Complete(XElement? element, string shape)
    {
        if (element is null)
        {
            return;
        }

        var members = Shapes[shape];
        var position = -1;
        foreach (var child in element.Elements())
        {
            var index = Array.FindIndex(members, member => member.Name == child.Name.LocalName);
            if (child.Name.Namespace != CloudFrontXml.Namespace || index < 0)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "MalformedInput", $"Unexpected element {child.Name.LocalName} in {shape}.");
            }

            if (index < position)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "MalformedInput", $"Element {child.Name.LocalName} in {shape} is out of order: it must come before {members[position].Name}.");
            }

            position = index;
        }

        XElement? previous = null;
        foreach (var member in members)
        {
            if (element.Element(CloudFrontXml.Name(member.Name)) is { } present)
            {
                previous = present;
                continue;
            }

            if (member.Default is null)
            {
                continue;
            }

            var added = new XElement(CloudFrontXml.Name(member.Name), member.Default());
            if (previous is null)
            {
                element.AddFirst(added);
            }
            else
            {
                previous.AddAfterSelf(added);
            }

            previous = added;
        }
    }

    private static Member[] Behavior(bool withPathPattern) =>
    [
        .. withPathPattern ? new[] { new Member("PathPattern") } : [],
        new("TargetOriginId"),
        new("TrustedSigners", () => new object[] { E("Enabled", "false"), E("Quantity", 0) }),
        new("TrustedKeyGroups", () => new object[] { E("Enabled", "false"), E("Quantity", 0) }),
        new("ViewerProtocolPolicy"),
        new("AllowedMethods", () => new object[] { E("Quantity", 2), E("Items", E("Method", "HEAD"), E("Method", "GET")), E("CachedMethods", E("Quantity", 2), E("Items", E("Method", "HEAD"), E("Method", "GET"))) }),
        new("SmoothStreaming", () => "false"),
        new("Compress", () => "false"),
        new("LambdaFunctionAssociations", () => Quantity(0)),
        new("FunctionAssociations", () => Quantity(0)),
        new("FieldLevelEncryptionId", () => ""),
        new("RealtimeLogConfigArn"),
        new("CachePolicyId"),
        new("OriginRequestPolicyId"),
        new("ResponseHeadersPolicyId"),
        new("ForwardedValues"),
        new("MinTTL"),
        new("DefaultTTL"),
        new("MaxTTL"),
    ];

    private static IEnumerable<XElement> ItemsOf(XElement config, string listName) =>
        config.Element(CloudFrontXml.Name(listName))?.Element(CloudFrontXml.Name("Items"))?.Elements() ?? [];

    private static XElement Quantity(int quantity) => E("Quantity", quantity);

    private static XElement E(string name, params object[] content) => new(CloudFrontXml.Name(name), content);

    /// <param name="Default">The content CloudFront gives the member when a request leaves it out; null when it leaves it out too.</param>
    private sealed record Member(string Name, Func<object>? Default = null);
}
