namespace Airwave.Aws.MediaPackage;

public sealed record HlsIngest(IReadOnlyList<IngestEndpoint>? IngestEndpoints);
