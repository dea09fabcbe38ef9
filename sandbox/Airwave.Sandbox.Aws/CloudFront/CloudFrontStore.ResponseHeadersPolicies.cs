using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// Custom response headers policies: headers the edge adds to (or removes from) the responses of the cache behaviors
/// that name one. A behavior naming an id CloudFront does not know is refused, and so is deleting one a behavior
/// still names.
/// </summary>
internal sealed partial class CloudFrontStore
{
    // CloudFront's quotas: custom response headers policies per account, custom headers per policy, and the length of a Content-Security-Policy.
    private const int MaxResponseHeadersPolicies = 20;
    private const int MaxCustomHeaders = 10;
    private const int MaxContentSecurityPolicyLength = 1783;

    private readonly Dictionary<string, ResponseHeadersPolicyEntry> _responseHeadersPolicies = new(StringComparer.Ordinal);

    public (XElement Body, string ETag, string Id) CreateResponseHeadersPolicy(string body)
    {
        var config = ParseResponseHeadersPolicy(body);
        lock (_lock)
        {
            var name = Value(config, "Name");
            if (_responseHeadersPolicies.Values.Any(p => Value(p.Config, "Name") == name))
            {
                throw new AwsApiException(HttpStatusCode.Conflict, "ResponseHeadersPolicyAlreadyExists", $"A response headers policy with the name {name} already exists.");
            }

            if (_responseHeadersPolicies.Count >= MaxResponseHeadersPolicies)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "TooManyResponseHeadersPolicies", $"You have reached the maximum number of response headers policies ({MaxResponseHeadersPolicies}) for this AWS account.");
            }

            var entry = new ResponseHeadersPolicyEntry(Guid.NewGuid().ToString(), config, Now, ResourceIds.CloudFront());
            _responseHeadersPolicies[entry.Id] = entry;
            return (ResponseHeadersPolicyXml(entry), entry.ETag, entry.Id);
        }
    }

    public (XElement Body, string ETag) GetResponseHeadersPolicy(string id)
    {
        lock (_lock)
        {
            var entry = FindResponseHeadersPolicy(id);
            return (ResponseHeadersPolicyXml(entry), entry.ETag);
        }
    }

    /// <summary>The custom policies (type custom, or no type); the emulator has none of CloudFront's managed ones.</summary>
    public XElement ListResponseHeadersPolicies(string? type, string? marker, string? maxItems)
    {
        if (type is { Length: > 0 } and not ("managed" or "custom"))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"Type must be managed or custom, not {type}.");
        }

        lock (_lock)
        {
            List<ResponseHeadersPolicyEntry> policies = type == "managed" ? [] : [.. _responseHeadersPolicies.Values];
            return ListXml("ResponseHeadersPolicyList", policies, p => p.Id, p => E("ResponseHeadersPolicySummary", E("Type", "custom"), ResponseHeadersPolicyXml(p)), marker, maxItems, policyList: true);
        }
    }

    public void DeleteResponseHeadersPolicy(string id, string? ifMatch)
    {
        lock (_lock)
        {
            var entry = FindResponseHeadersPolicy(id);
            CheckIfMatch(ifMatch, entry.ETag);

            if (_distributions.Values.Any(d => BehaviorsOf(d.Config).Any(b => Value(b, "ResponseHeadersPolicyId") == id)))
            {
                throw new AwsApiException(HttpStatusCode.Conflict, "ResponseHeadersPolicyInUse", "Cannot delete the response headers policy because it is attached to one or more cache behaviors.");
            }

            _responseHeadersPolicies.Remove(id);
        }
    }

    /// <summary>The configuration of the policy, for the edge; null when there is none of that id.</summary>
    public XElement? ResponseHeadersPolicyConfig(string id)
    {
        lock (_lock)
        {
            return _responseHeadersPolicies.TryGetValue(id, out var entry) ? new XElement(entry.Config) : null;
        }
    }

    /// <summary>Called under the lock from Validate: a behavior's response headers policy must exist.</summary>
    private void ValidateResponseHeaders(XElement behavior)
    {
        var id = Value(behavior, "ResponseHeadersPolicyId");
        if (id.Length > 0 && !_responseHeadersPolicies.ContainsKey(id))
        {
            throw new AwsApiException(HttpStatusCode.NotFound, "NoSuchResponseHeadersPolicy", $"The response headers policy {id} does not exist.");
        }
    }

    private ResponseHeadersPolicyEntry FindResponseHeadersPolicy(string id) =>
        _responseHeadersPolicies.GetValueOrDefault(id)
        ?? throw new AwsApiException(HttpStatusCode.NotFound, "NoSuchResponseHeadersPolicy", "The response headers policy does not exist.");

    private static XElement ParseResponseHeadersPolicy(string body)
    {
        var config = ParseConfig(body, "ResponseHeadersPolicyConfig");
        if (Value(config, "Name").Length is 0 or > 128)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "The name of a response headers policy must be 1 to 128 characters.");
        }

        var custom = config.Element(CloudFrontXml.Name("CustomHeadersConfig"));
        var customHeaders = custom?.Element(CloudFrontXml.Name("Items"))?.Elements().Count() ?? 0;
        if (custom is not null && Value(custom, "Quantity") != customHeaders.ToString(CultureInfo.InvariantCulture))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InconsistentQuantities", "The value of Quantity and the size of Items don't match.");
        }

        if (customHeaders > MaxCustomHeaders)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "TooManyCustomHeadersInResponseHeadersPolicy", $"A response headers policy has at most {MaxCustomHeaders} custom headers.");
        }

        var csp = config.Element(CloudFrontXml.Name("SecurityHeadersConfig"))?.Element(CloudFrontXml.Name("ContentSecurityPolicy"));
        if (csp is not null && Value(csp, "ContentSecurityPolicy").Length > MaxContentSecurityPolicyLength)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "TooLongCSPInResponseHeadersPolicy", $"The Content-Security-Policy is longer than {MaxContentSecurityPolicyLength} characters.");
        }

        return config;
    }

    private static XElement ResponseHeadersPolicyXml(ResponseHeadersPolicyEntry entry) =>
        E("ResponseHeadersPolicy",
            E("Id", entry.Id),
            E("LastModifiedTime", entry.LastModified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
            new XElement(entry.Config));

    private static IEnumerable<XElement> BehaviorsOf(XElement config) =>
        (config.Element(CloudFrontXml.Name("CacheBehaviors"))?.Element(CloudFrontXml.Name("Items"))?.Elements() ?? [])
            .Prepend(config.Element(CloudFrontXml.Name("DefaultCacheBehavior"))!);
}
