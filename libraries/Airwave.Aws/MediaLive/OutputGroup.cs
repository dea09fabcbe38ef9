namespace Airwave.Aws.MediaLive;

public sealed record OutputGroup(OutputGroupSettings OutputGroupSettings, IReadOnlyList<Output> Outputs, string? Name = null);
