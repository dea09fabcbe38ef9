namespace Airwave.Aws.MediaLive;

public sealed record Output(
    OutputSettings OutputSettings,
    string? OutputName = null,
    string? VideoDescriptionName = null,
    IReadOnlyList<string>? AudioDescriptionNames = null);
