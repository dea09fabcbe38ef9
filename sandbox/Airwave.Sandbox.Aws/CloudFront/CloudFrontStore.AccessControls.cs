using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Sandbox.Aws.Models;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// Origin access controls: how a distribution signs its requests to an S3 origin, so the bucket can stay private and
/// allow only CloudFront (its bucket policy names the distribution). An origin names one by id; CloudFront refuses an
/// id it does not know, one on an origin that is not an S3 bucket, and deleting one an origin still names.
/// </summary>
internal sealed partial class CloudFrontStore
{
    // CloudFront's quota of origin access controls per account.
    private const int MaxAccessControls = 100;

    private static readonly string[] SigningBehaviors = ["never", "always", "no-override"];

    private readonly Dictionary<string, OriginAccessControlEntry> _accessControls = new(StringComparer.Ordinal);

    public (XElement Body, string ETag, string Id) CreateAccessControl(string body)
    {
        var config = ParseAccessControl(body);
        lock (_lock)
        {
            var name = Value(config, "Name");
            if (_accessControls.Values.Any(c => Value(c.Config, "Name") == name))
            {
                throw new AwsApiException(HttpStatusCode.Conflict, "OriginAccessControlAlreadyExists", $"An origin access control with the name {name} already exists.");
            }

            if (_accessControls.Count >= MaxAccessControls)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "TooManyOriginAccessControls", $"The number of origin access controls in your AWS account exceeds the maximum allowed ({MaxAccessControls}).");
            }

            var entry = new OriginAccessControlEntry(ResourceIds.CloudFront(), config, ResourceIds.CloudFront());
            _accessControls[entry.Id] = entry;
            return (AccessControlXml(entry), entry.ETag, entry.Id);
        }
    }

    public (XElement Body, string ETag) GetAccessControl(string id)
    {
        lock (_lock)
        {
            var entry = FindAccessControl(id);
            return (AccessControlXml(entry), entry.ETag);
        }
    }

    public XElement ListAccessControls(string? marker, string? maxItems)
    {
        lock (_lock)
        {
            return ListXml("OriginAccessControlList", [.. _accessControls.Values], c => c.Id, c => E("OriginAccessControlSummary",
                E("Id", c.Id),
                E("Description", Value(c.Config, "Description")),
                E("Name", Value(c.Config, "Name")),
                E("SigningProtocol", Value(c.Config, "SigningProtocol")),
                E("SigningBehavior", Value(c.Config, "SigningBehavior")),
                E("OriginAccessControlOriginType", Value(c.Config, "OriginAccessControlOriginType"))), marker, maxItems);
        }
    }

    public void DeleteAccessControl(string id, string? ifMatch)
    {
        lock (_lock)
        {
            var entry = FindAccessControl(id);
            CheckIfMatch(ifMatch, entry.ETag);

            if (_distributions.Values.Any(d => OriginsOf(d.Config).Any(o => Value(o, "OriginAccessControlId") == id)))
            {
                throw new AwsApiException(HttpStatusCode.Conflict, "OriginAccessControlInUse", "Cannot delete the origin access control because it's in use by one or more distributions.");
            }

            _accessControls.Remove(id);
        }
    }

    /// <summary>Whether the origin access control exists, so the edge can sign with it.</summary>
    public bool HasAccessControl(string id)
    {
        lock (_lock)
        {
            return _accessControls.ContainsKey(id);
        }
    }

    /// <summary>
    /// An S3 bucket's origin domain (CloudFront's form: bucket.s3.region.amazonaws.com, or the global
    /// bucket.s3.amazonaws.com): the bucket's name, or null for any other domain.
    /// </summary>
    public static string? BucketOfOrigin(string domainName) =>
        S3OriginDomain().Match(domainName) is { Success: true } match ? match.Groups["bucket"].Value : null;

    /// <summary>Called under the lock from Validate: an origin's access control must exist and suit its origin.</summary>
    private void ValidateAccess(XElement origin)
    {
        var s3 = origin.Element(CloudFrontXml.Name("S3OriginConfig"));
        var custom = origin.Element(CloudFrontXml.Name("CustomOriginConfig"));
        if ((s3 is null) == (custom is null))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"Origin {Value(origin, "Id")} must have exactly one of S3OriginConfig and CustomOriginConfig.");
        }

        var accessControl = Value(origin, "OriginAccessControlId");
        if (accessControl.Length == 0)
        {
            return;
        }

        if (!_accessControls.ContainsKey(accessControl))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidOriginAccessControl", $"The origin access control {accessControl} of origin {Value(origin, "Id")} is not valid.");
        }

        if (s3 is not null && Value(s3, "OriginAccessIdentity").Length > 0)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "IllegalOriginAccessConfiguration", $"Origin {Value(origin, "Id")} has both an origin access identity and an origin access control; it can have one of them.");
        }

        if (BucketOfOrigin(Value(origin, "DomainName")) is null)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidDomainNameForOriginAccessControl", $"The domain name {Value(origin, "DomainName")} of origin {Value(origin, "Id")} is not an S3 bucket's, which its origin access control is for.");
        }
    }

    private OriginAccessControlEntry FindAccessControl(string id) =>
        _accessControls.GetValueOrDefault(id)
        ?? throw new AwsApiException(HttpStatusCode.NotFound, "NoSuchOriginAccessControl", "The origin access control does not exist.");

    private static XElement ParseAccessControl(string body)
    {
        var config = ParseConfig(body, "OriginAccessControlConfig");
        var name = Value(config, "Name");
        if (name.Length is 0 or > 64)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "The name of an origin access control must be 1 to 64 characters.");
        }

        if (Value(config, "SigningProtocol") != "sigv4")
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "The only valid SigningProtocol is sigv4.");
        }

        if (!SigningBehaviors.Contains(Value(config, "SigningBehavior")))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"SigningBehavior must be one of {string.Join(", ", SigningBehaviors)}.");
        }

        if (Value(config, "OriginAccessControlOriginType") != "s3")
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "OriginAccessControlOriginType must be s3.");
        }

        return config;
    }

    /// <summary>A delete's If-Match, as CloudFront checks it: present, and the resource's current ETag.</summary>
    private static void CheckIfMatch(string? ifMatch, string etag)
    {
        if (string.IsNullOrEmpty(ifMatch))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.");
        }

        if (ifMatch != etag)
        {
            throw new AwsApiException(HttpStatusCode.PreconditionFailed, "PreconditionFailed", "The request failed because it didn't meet the preconditions in one or more request-header fields.");
        }
    }

    /// <summary>A request's configuration document: well-formed XML whose root is <paramref name="shape"/> in CloudFront's namespace, as the model describes it.</summary>
    private static XElement ParseConfig(string body, string shape)
    {
        XElement config;
        try
        {
            config = XElement.Parse(body);
        }
        catch (System.Xml.XmlException error)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "MalformedXML", error.Message);
        }

        if (config.Name != CloudFrontXml.Name(shape))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "MalformedXML", $"Expected a {shape} element in namespace {CloudFrontXml.Namespace}, got {config.Name}.");
        }

        XmlRequestValidator.Validate(ServiceModel.For(AwsServiceKind.CloudFront), shape, config);
        return config;
    }

    private static XElement AccessControlXml(OriginAccessControlEntry entry) =>
        E("OriginAccessControl", E("Id", entry.Id), new XElement(entry.Config));

    private static IEnumerable<XElement> OriginsOf(XElement config) =>
        config.Element(CloudFrontXml.Name("Origins"))?.Element(CloudFrontXml.Name("Items"))?.Elements() ?? [];

    /// <summary>The sandbox's own, as a platform team would have made it for the archive bucket.</summary>
    private static XElement ArchiveAccessControlConfig() =>
        E("OriginAccessControlConfig",
            E("Name", "airwave-sandbox-archive"),
            E("Description", "CloudFront reads the archive bucket"),
            E("SigningProtocol", "sigv4"),
            E("SigningBehavior", "always"),
            E("OriginAccessControlOriginType", "s3"));

    private static XElement E(string name, params object?[] content) => new(CloudFrontXml.Name(name), content);

    [GeneratedRegex(@"^(?<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$")]
    private static partial Regex S3OriginDomain();
}
