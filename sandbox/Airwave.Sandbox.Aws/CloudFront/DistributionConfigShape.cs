using System.Net;
using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Sandbox.Aws.Models;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// The parts of a DistributionConfig that CloudFront completes. Their members and the order CloudFront checks a
/// request's elements against come from the service model the emulator vendors (botocore's, API 2020-05-31); every read
/// is answered with the members CloudFront defaults filled in (an origin's OriginShield and OriginAccessControlId, a
/// cache behavior's GrpcConfig, the configuration's ContinuousDeploymentPolicyId and Staging, ...), whether or not the
/// writer sent them. A client that compares what it wrote with what it reads must cope with that, and with sending
/// them back, so the emulator does both.
/// </summary>
internal static class DistributionConfigShape
{
    private static readonly Dictionary<string, Member[]> Shapes = new(StringComparer.Ordinal)
    {
        ["DistributionConfig"] = Members("DistributionConfig", new()
        {
            ["Aliases"] = () => Quantity(0),
            ["DefaultRootObject"] = () => "",
            ["OriginGroups"] = () => Quantity(0),
            ["CacheBehaviors"] = () => Quantity(0),
            ["CustomErrorResponses"] = () => Quantity(0),
            ["Logging"] = () => new object[] { E("Enabled", "false"), E("IncludeCookies", "false"), E("Bucket", ""), E("Prefix", "") },
            ["PriceClass"] = () => "PriceClass_All",
            ["ViewerCertificate"] = () => new object[] { E("CloudFrontDefaultCertificate", "true"), E("SSLSupportMethod", "vip"), E("MinimumProtocolVersion", "TLSv1"), E("CertificateSource", "cloudfront") },
            ["Restrictions"] = () => E("GeoRestriction", E("RestrictionType", "none"), E("Quantity", 0)),
            ["WebACLId"] = () => "",
            ["HttpVersion"] = () => "http2",
            ["IsIPV6Enabled"] = () => "false",
            ["ContinuousDeploymentPolicyId"] = () => "",
            ["Staging"] = () => "false",
        }),
        ["Origin"] = Members("Origin", new()
        {
            ["OriginPath"] = () => "",
            ["CustomHeaders"] = () => Quantity(0),
            ["ConnectionAttempts"] = () => 3,
            ["ConnectionTimeout"] = () => 10,
            ["OriginShield"] = () => E("Enabled", "false"),
            ["OriginAccessControlId"] = () => "",
        }),
        ["CustomOriginConfig"] = Members("CustomOriginConfig", new()
        {
            ["OriginSslProtocols"] = () => new object[] { E("Quantity", 3), E("Items", E("SslProtocol", "TLSv1"), E("SslProtocol", "TLSv1.1"), E("SslProtocol", "TLSv1.2")) },
            ["OriginReadTimeout"] = () => 30,
            ["OriginKeepaliveTimeout"] = () => 5,
        }),
        ["DefaultCacheBehavior"] = Members("DefaultCacheBehavior", BehaviorDefaults()),
        ["CacheBehavior"] = Members("CacheBehavior", BehaviorDefaults()),
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

    private static Dictionary<string, Func<object>> BehaviorDefaults() => new()
    {
        ["TrustedSigners"] = () => new object[] { E("Enabled", "false"), E("Quantity", 0) },
        ["TrustedKeyGroups"] = () => new object[] { E("Enabled", "false"), E("Quantity", 0) },
        ["AllowedMethods"] = () => new object[] { E("Quantity", 2), E("Items", E("Method", "HEAD"), E("Method", "GET")), E("CachedMethods", E("Quantity", 2), E("Items", E("Method", "HEAD"), E("Method", "GET"))) },
        ["SmoothStreaming"] = () => "false",
        ["Compress"] = () => "false",
        ["LambdaFunctionAssociations"] = () => Quantity(0),
        ["FunctionAssociations"] = () => Quantity(0),
        ["FieldLevelEncryptionId"] = () => "",
        ["GrpcConfig"] = () => E("Enabled", "false"),
    };

    /// <summary>The model's members of a shape, in its order, each with the content CloudFront defaults it to (if any).</summary>
    private static Member[] Members(string shape, Dictionary<string, Func<object>> defaults)
    {
        var members = ServiceModel.For(AwsServiceKind.CloudFront).Shape(shape)["members"]!.AsObject()
            .Select(m => (string?)m.Value!["locationName"] ?? m.Key)
            .Select(name => new Member(name, defaults.GetValueOrDefault(name)))
            .ToArray();
        var unknown = defaults.Keys.Except(members.Select(m => m.Name)).ToList();
        return unknown.Count == 0 ? members : throw new InvalidOperationException($"{shape} has no member {string.Join(", ", unknown)} in the model");
    }

    private static IEnumerable<XElement> ItemsOf(XElement config, string listName) =>
        config.Element(CloudFrontXml.Name(listName))?.Element(CloudFrontXml.Name("Items"))?.Elements() ?? [];

    private static XElement Quantity(int quantity) => E("Quantity", quantity);

    private static XElement E(string name, params object[] content) => new(CloudFrontXml.Name(name), content);

    /// <param name="Default">The content CloudFront gives the member when a request leaves it out; null when it leaves it out too.</param>
    private sealed record Member(string Name, Func<object>? Default = null);
}
