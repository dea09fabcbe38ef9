using System.Xml.Linq;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.CloudFront;

internal sealed class DistributionEntry(string id, string arn, string domainName, XElement config, string etag)
{
    public string Id { get; } = id;

    public string Arn { get; } = arn;

    public string DomainName { get; } = domainName;

    public XElement Config { get; set; } = config;

    /// <summary>Changes on every update; callers must send the current one as If-Match.</summary>
    public string ETag { get; set; } = etag;

    public DateTimeOffset LastModified { get; set; }

    public TimedState<DistributionStatus> Status { get; } = new(DistributionStatus.Deployed);
}
