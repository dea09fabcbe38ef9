namespace Airwave.Aws.MediaLive;

public sealed record InputSettings(IReadOnlyList<AudioSelector>? AudioSelectors = null);
