using System.Xml.Linq;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>A response headers policy: its configuration as the client sent it, when it was made, and the ETag a delete must name.</summary>
internal sealed record ResponseHeadersPolicyEntry(string Id, XElement Config, DateTimeOffset LastModified, string ETag);
