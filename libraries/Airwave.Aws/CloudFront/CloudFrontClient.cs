using System.Text;
using System.Xml.Linq;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;

namespace Airwave.Aws.CloudFront;

/// <summary>CloudFront over rest-xml, signed with SigV4 for us-east-1.</summary>
public sealed class CloudFrontClient : ICloudFrontClient
{
    private const string ApiPrefix = "/2020-05-31";
    private readonly AwsRestClient _client;

    public CloudFrontClient(HttpClient http, AwsClientOptions options, ICredentialsProvider credentials, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new AwsRestClient(http, AwsService.CloudFront(options), credentials, options.Retry, options.Metrics, time ?? TimeProvider.System);
    }

    public async Task<Distribution> CreateDistributionAsync(DistributionConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var response = await _client.SendAsync(new AwsRequest(HttpMethod.Post, $"{ApiPrefix}/distribution", Encoding.UTF8.GetBytes(config.ToXml()), "application/xml"), cancellationToken);
        return ReadDistribution(response);
    }

    public async Task<Distribution> GetDistributionAsync(string id, CancellationToken cancellationToken) =>
        ReadDistribution(await _client.SendAsync(new AwsRequest(HttpMethod.Get, $"{ApiPrefix}/distribution/{AwsPath.Label(id)}"), cancellationToken));

    public async Task<DistributionConfigResult> GetDistributionConfigAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(new AwsRequest(HttpMethod.Get, $"{ApiPrefix}/distribution/{AwsPath.Label(id)}/config"), cancellationToken);
        return new DistributionConfigResult(DistributionConfig.FromElement(Parse(response)), ETag(response));
    }

    public async Task<Distribution> UpdateDistributionConfigAsync(string id, DistributionConfig config, string ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var request = new AwsRequest(
            HttpMethod.Put,
            $"{ApiPrefix}/distribution/{AwsPath.Label(id)}/config",
            Encoding.UTF8.GetBytes(config.ToXml()),
            "application/xml",
            new Dictionary<string, string> { ["If-Match"] = ifMatch });
        return ReadDistribution(await _client.SendAsync(request, cancellationToken));
    }

    public async Task<ResponseHeadersPolicy> CreateResponseHeadersPolicyAsync(ResponseHeadersPolicyConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Not resent after a lost answer: the caller finds the policy by its name.
        var response = await _client.SendAsync(new AwsRequest(HttpMethod.Post, $"{ApiPrefix}/response-headers-policy", Encoding.UTF8.GetBytes(config.ToXml()), "application/xml", Repeatable: false), cancellationToken);
        return ReadPolicy(Parse(response));
    }

    public async Task<IReadOnlyList<ResponseHeadersPolicy>> ListResponseHeadersPoliciesAsync(CancellationToken cancellationToken)
    {
        var policies = new List<ResponseHeadersPolicy>();
        string? marker = null;
        do
        {
            var path = $"{ApiPrefix}/response-headers-policy?Type=custom" + (marker is null ? "" : $"&Marker={Uri.EscapeDataString(marker)}");
            var list = Parse(await _client.SendAsync(new AwsRequest(HttpMethod.Get, path), cancellationToken));
            policies.AddRange((list.Element(CloudFrontXml.Name("Items"))?.Elements() ?? [])
                .Select(summary => summary.Element(CloudFrontXml.Name("ResponseHeadersPolicy")))
                .OfType<XElement>()
                .Select(ReadPolicy));
            marker = list.Element(CloudFrontXml.Name("NextMarker"))?.Value is { Length: > 0 } next ? next : null;
        }
        while (marker is not null);
        return policies;
    }

    private static ResponseHeadersPolicy ReadPolicy(XElement policy) => new(
        policy.Element(CloudFrontXml.Name("Id"))?.Value ?? throw new FormatException("The response headers policy has no Id."),
        policy.Element(CloudFrontXml.Name("ResponseHeadersPolicyConfig"))?.Element(CloudFrontXml.Name("Name"))?.Value ?? "");

    private static Distribution ReadDistribution(AwsResponse response)
    {
        var root = Parse(response);
        string Value(string name) => root.Element(CloudFrontXml.Name(name))?.Value ?? "";
        var config = root.Element(CloudFrontXml.Name("DistributionConfig")) ?? throw new FormatException("The distribution has no DistributionConfig.");
        return new Distribution(Value("Id"), Value("ARN"), Value("Status"), Value("DomainName"), DistributionConfig.FromElement(config), ETag(response));
    }

    private static XElement Parse(AwsResponse response) => XElement.Parse(Encoding.UTF8.GetString(response.Body));

    private static string ETag(AwsResponse response) =>
        response.Headers.TryGetValues("ETag", out var values) ? values.First() : throw new FormatException("CloudFront sent no ETag header.");
}
