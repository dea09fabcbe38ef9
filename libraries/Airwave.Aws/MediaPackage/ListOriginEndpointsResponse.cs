namespace Airwave.Aws.MediaPackage;

public sealed record ListOriginEndpointsResponse(IReadOnlyList<OriginEndpoint>? OriginEndpoints, string? NextToken);
