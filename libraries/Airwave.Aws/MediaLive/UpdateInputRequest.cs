namespace Airwave.Aws.MediaLive;

/// <summary>
/// Changes an input in place: an RTMP push input's stream names (the destinations' addresses stay the input's for its
/// life; only the path after them changes), or the security groups that say who may push to it. What is null stays
/// as it is. MediaLive refuses it while a channel using the input runs.
/// </summary>
public sealed record UpdateInputRequest(IReadOnlyList<InputDestinationRequest>? Destinations = null, IReadOnlyList<string>? InputSecurityGroups = null);
