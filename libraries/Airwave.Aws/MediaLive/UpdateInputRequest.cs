namespace Airwave.Aws.MediaLive;

/// <summary>
/// Replaces an RTMP push input's stream names. The destinations' addresses stay the input's for its life; only the
/// path after them changes. MediaLive refuses it while a channel using the input runs.
/// </summary>
public sealed record UpdateInputRequest(IReadOnlyList<InputDestinationRequest> Destinations);
