using System.Collections.Concurrent;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// Where each MediaPackage channel's live stream is: the directory and media playlist that feed it, written by a
/// running channel's pipeline or pushed to its WebDAV ingest, for the channel's origin endpoints to serve. A
/// channel nothing feeds has no content, as in MediaPackage.
/// </summary>
internal sealed class LiveOrigins
{
    /// <summary>The playlist a pipeline keeps in its directory, with every segment still retained.</summary>
    public const string SourcePlaylist = "live.m3u8";

    private readonly ConcurrentDictionary<string, LiveSource> _sources = new(StringComparer.Ordinal);

    public void Feed(string packageChannelId, string directory, string playlist = SourcePlaylist, IReadOnlyList<LiveVariant>? variants = null) =>
        _sources[packageChannelId] = new LiveSource(directory, playlist, variants ?? []);

    public void Unfeed(string packageChannelId, string directory)
    {
        if (_sources.TryGetValue(packageChannelId, out var source) && source.Directory == directory)
        {
            _sources.TryRemove(new KeyValuePair<string, LiveSource>(packageChannelId, source));
        }
    }

    public LiveSource? SourceOf(string packageChannelId) => _sources.GetValueOrDefault(packageChannelId);
}

/// <summary>
/// A directory of segments and the media playlist in it that lists them; for a channel that encodes a ladder, its
/// renditions too, each with a media playlist of its own in the directory (<see cref="Playlist"/> is the first's).
/// </summary>
internal sealed record LiveSource(string Directory, string Playlist, IReadOnlyList<LiveVariant> Variants)
{
    public string PlaylistPath => Path.Combine(Directory, Playlist);
}

/// <summary>One rendition of a ladder: its media playlist, and what a master playlist declares of it.</summary>
internal sealed record LiveVariant(string Playlist, int Bandwidth, int? Width, int? Height);
