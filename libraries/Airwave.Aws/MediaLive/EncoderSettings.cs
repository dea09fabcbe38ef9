namespace Airwave.Aws.MediaLive;

public sealed record EncoderSettings(
    IReadOnlyList<AudioDescription> AudioDescriptions,
    IReadOnlyList<OutputGroup> OutputGroups,
    TimecodeConfig TimecodeConfig,
    IReadOnlyList<VideoDescription> VideoDescriptions);
