using System.Xml.Linq;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>An origin access control: its configuration as the client sent it, and the ETag a delete must name.</summary>
internal sealed record OriginAccessControlEntry(string Id, XElement Config, string ETag);
