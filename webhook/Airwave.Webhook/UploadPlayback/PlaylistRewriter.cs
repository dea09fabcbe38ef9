using System.Text.RegularExpressions;

namespace Airwave.Webhook.UploadPlayback;

/// <summary>
/// Makes an uploaded HLS playlist playable by a viewer without AWS credentials: every URI it names (segments, and the
/// URI attributes of tags: init sections, keys, variant playlists) that is relative is resolved against the
/// playlist's own key, and replaced by the link made for that key. Absolute URIs are left as they are.
/// </summary>
public static partial class PlaylistRewriter
{
    /// <param name="playlistKey">The playlist's S3 key, against whose folder relative URIs resolve.</param>
    /// <param name="link">The URL to give a viewer for an object key; null leaves the URI as the app wrote it.</param>
    /// <param name="absoluteLink">The URL to give a viewer for an absolute URI (a key server's); null, or a null answer, leaves it.</param>
    public static string Rewrite(string playlist, string playlistKey, Func<string, string?> link, Func<Uri, string?>? absoluteLink = null)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        ArgumentNullException.ThrowIfNull(playlistKey);
        ArgumentNullException.ThrowIfNull(link);
        var folder = new Uri(Root, playlistKey);
        var lines = playlist.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            lines[i] = line.Length == 0 ? line : line.StartsWith('#')
                ? UriAttribute().Replace(line, m => $"URI=\"{Resolve(m.Groups["uri"].Value)}\"")
                : Resolve(line.Trim());
        }

        return string.Join('\n', lines);

        string Resolve(string uri)
        {
            if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme != Uri.UriSchemeFile)
            {
                return absoluteLink?.Invoke(absolute) ?? uri;
            }

            // Resolved as a browser resolves it (dot segments, a query left off the key); the key is the path.
            var resolved = new Uri(folder, uri);
            return link(Uri.UnescapeDataString(resolved.AbsolutePath.TrimStart('/'))) ?? uri;
        }
    }

    // Any absolute base does: only the path part of the resolution is used.
    private static readonly Uri Root = new("https://bucket.invalid/");

    [GeneratedRegex("URI=\"(?<uri>[^\"]*)\"")]
    private static partial Regex UriAttribute();
}
