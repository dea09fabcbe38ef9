namespace Airwave.Aws.MediaLive;

public sealed record Input(
    string Id,
    string Arn,
    string? Name,
    InputType Type,
    InputState State,
    InputClass? InputClass,
    IReadOnlyList<string>? AttachedChannels,
    IReadOnlyList<InputDestination>? Destinations,
    IReadOnlyList<string>? SecurityGroups,
    IReadOnlyDictionary<string, string>? Tags,
    IReadOnlyList<InputSource>? Sources = null);
