namespace Airwave.Aws.MediaLive;

/// <summary>A named destination output groups refer to; <see cref="Settings"/> has one entry per pipeline.</summary>
public sealed record OutputDestination(
    string Id,
    IReadOnlyList<OutputDestinationSettings>? Settings = null,
    IReadOnlyList<MediaPackageOutputDestinationSettings>? MediaPackageSettings = null);
