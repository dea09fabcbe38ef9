namespace Airwave.Mux.Video;

/// <summary>An id that plays an asset (`https://stream.mux.com/{id}.m3u8`), with its policy.</summary>
public sealed record PlaybackId(string Id, string Policy);
