namespace Airwave.Testing;

/// <summary>What <see cref="TestMedia.ContentAsync"/> found in a recording.</summary>
public sealed record MediaContent(string? VideoCodec, string? AudioCodec, int DistinctFrames, double MeanVolumeDb);
