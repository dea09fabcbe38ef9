namespace Airwave.Aws.MediaLive;

/// <summary>Timecode source: EMBEDDED, SYSTEMCLOCK or ZEROBASED.</summary>
public sealed record TimecodeConfig(string Source);
