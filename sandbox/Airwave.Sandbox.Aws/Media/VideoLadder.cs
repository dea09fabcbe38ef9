namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// The renditions a channel encodes for its MediaPackage output group, highest first as its outputs list them: each
/// output's video description (its size and H.264 bitrate). Compared by its renditions, so a changed ladder restarts
/// the pipeline as any other change of its plan does.
/// </summary>
internal sealed record VideoLadder(IReadOnlyList<LadderRendition> Renditions)
{
    public bool Equals(VideoLadder? other) => other is not null && Renditions.SequenceEqual(other.Renditions);

    public override int GetHashCode() => Renditions.Aggregate(0, (hash, rendition) => HashCode.Combine(hash, rendition));
}

/// <summary>One rendition: its frame size (null keeps the source's, as MediaLive does when a description sets none) and its video bitrate.</summary>
internal sealed record LadderRendition(int? Width, int? Height, int Bitrate)
{
    /// <summary>The AAC audio each rendition carries, as Airwave's channels describe it.</summary>
    public const int AudioBitrate = 128_000;

    /// <summary>What a master playlist declares: the video's bitrate and the audio's.</summary>
    public int Bandwidth => Bitrate + AudioBitrate;
}
