namespace Airwave.Aws.MediaLive;

/// <summary>
/// Creates an input. One destination (a push input) or source (a pull input) makes a SINGLE_PIPELINE input, two a
/// STANDARD one. A repeated <see cref="RequestId"/> returns the input the first request created.
/// </summary>
public sealed record CreateInputRequest(
    string Name,
    InputType Type,
    IReadOnlyList<InputDestinationRequest>? Destinations,
    IReadOnlyList<string>? InputSecurityGroups,
    string? RequestId = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyList<InputSourceRequest>? Sources = null);
