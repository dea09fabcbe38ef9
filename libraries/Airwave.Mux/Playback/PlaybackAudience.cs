namespace Airwave.Mux.Playback;

/// <summary>What a playback token lets its holder fetch: the `aud` claim Mux checks.</summary>
public enum PlaybackAudience
{
    /// <summary>The video (HLS), `v`.</summary>
    Video,

    /// <summary>Thumbnails, `t`.</summary>
    Thumbnail,

    /// <summary>Storyboards, `s`.</summary>
    Storyboard,

    /// <summary>Animated GIFs, `g`.</summary>
    Gif,
}
