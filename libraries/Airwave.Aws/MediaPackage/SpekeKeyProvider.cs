namespace Airwave.Aws.MediaPackage;

/// <summary>The SPEKE key server that issues the content keys of an encrypted endpoint.</summary>
public sealed record SpekeKeyProvider(string ResourceId, string RoleArn, IReadOnlyList<string> SystemIds, string Url);
