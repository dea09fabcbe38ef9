namespace Airwave.Aws.MediaLive;

/// <summary>An output of a MediaPackage group; the service model gives it no members.</summary>
public sealed record MediaPackageOutputSettings;
