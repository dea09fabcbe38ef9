namespace Airwave.Aws.MediaLive;

public sealed record M3u8Settings(int? ProgramNum = null, string? PcrControl = null);
