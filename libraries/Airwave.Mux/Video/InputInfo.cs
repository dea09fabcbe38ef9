namespace Airwave.Mux.Video;

/// <summary>One input an asset was made from: its settings, and what Mux found in its file.</summary>
public sealed record InputInfo
{
    public InputFile? File { get; init; }
}

/// <summary>An input's file: its container (such as mp4) and its tracks.</summary>
public sealed record InputFile
{
    public string? ContainerFormat { get; init; }

    public IReadOnlyList<InputTrack>? Tracks { get; init; }
}

/// <summary>A track of an input file, its encoding in Mux's words (h.264, aac).</summary>
public sealed record InputTrack
{
    public required string Type { get; init; }

    public string? Encoding { get; init; }

    public double? Duration { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public double? FrameRate { get; init; }

    public int? SampleRate { get; init; }

    public int? Channels { get; init; }
}
