namespace Airwave.Aws.MediaLive;

/// <summary>Refers to an <see cref="OutputDestination"/> by its id.</summary>
public sealed record OutputLocationRef(string DestinationRefId);
