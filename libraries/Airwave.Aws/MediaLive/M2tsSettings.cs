namespace Airwave.Aws.MediaLive;

public sealed record M2tsSettings(string? RateMode = null, string? AbsentInputAudioBehavior = null);
