namespace Airwave.Aws.MediaLive;

/// <summary>Sends the group's outputs to the MediaPackage channel named by the destination's mediaPackageSettings.</summary>
public sealed record MediaPackageGroupSettings(OutputLocationRef Destination);
