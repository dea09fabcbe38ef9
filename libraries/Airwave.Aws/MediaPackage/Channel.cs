namespace Airwave.Aws.MediaPackage;

public sealed record Channel(string Id, string Arn, string? Description, HlsIngest? HlsIngest, IReadOnlyDictionary<string, string>? Tags);
