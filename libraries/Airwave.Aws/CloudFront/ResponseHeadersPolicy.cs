namespace Airwave.Aws.CloudFront;

/// <summary>A response headers policy, by its id and name.</summary>
public sealed record ResponseHeadersPolicy(string Id, string Name);
