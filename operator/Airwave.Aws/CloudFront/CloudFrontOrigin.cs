namespace Airwave.Aws.CloudFront;

/// <summary>An HTTPS custom origin, e.g. a MediaPackage endpoint host with the path of its manifest folder.</summary>
public sealed record CloudFrontOrigin(string Id, string DomainName, string OriginPath = "");
