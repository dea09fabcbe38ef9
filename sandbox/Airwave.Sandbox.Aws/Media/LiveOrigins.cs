using System.Collections.Concurrent;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// Where each MediaPackage channel's live stream is: the directory its feeding pipeline writes HLS into, for the
/// channel's origin endpoints to serve. A channel with no pipeline feeding it has no content, as in MediaPackage.
/// </summary>
internal sealed class LiveOrigins
{
    /// <summary>The playlist the pipeline keeps in its directory, with every segment still retained.</summary>
    public const string SourcePlaylist = "live.m3u8";

    private readonly ConcurrentDictionary<string, string> _directories = new(StringComparer.Ordinal);

    public void Feed(string packageChannelId, string directory) => _directories[packageChannelId] = directory;

    public void Unfeed(string packageChannelId, string directory) =>
        _directories.TryRemove(new KeyValuePair<string, string>(packageChannelId, directory));

    public string? DirectoryOf(string packageChannelId) => _directories.GetValueOrDefault(packageChannelId);
}
