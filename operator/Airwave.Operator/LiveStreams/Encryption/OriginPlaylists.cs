using Airwave.Hosting;

namespace Airwave.Operator.LiveStreams.Encryption;

/// <summary>
/// Reads the playback URL (a master playlist's first rendition, when it is one) over HTTP, at most
/// <see cref="MaxPlaylistBytes"/> of each, and looks at its key tags.
/// </summary>
public sealed class OriginPlaylists(HttpClient http) : IOriginPlaylists
{
    /// <summary>A live playlist of a few minutes is a few kilobytes; a start-over one a few hundred.</summary>
    public const int MaxPlaylistBytes = 1024 * 1024;

    public async Task<PlaylistEncryption> ReadAsync(Uri playbackUrl, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(playbackUrl);
        var (url, text) = (playbackUrl, await ReadTextAsync(playbackUrl, headers, cancellationToken));
        if (text is { Error: { } error })
        {
            return new PlaylistEncryption.NotServing(error);
        }

        var lines = Lines(text.Body!);
        if (lines.Any(l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal)))
        {
            var rendition = lines.FirstOrDefault(l => !l.StartsWith('#'));
            if (rendition is null)
            {
                return new PlaylistEncryption.NotServing("a master playlist without renditions");
            }

            url = new Uri(playbackUrl, rendition);
            text = await ReadTextAsync(url, headers, cancellationToken);
            if (text is { Error: { } renditionError })
            {
                return new PlaylistEncryption.NotServing(renditionError);
            }

            lines = Lines(text.Body!);
        }

        return (PlaylistEncryption?)Key(lines, url) ?? new PlaylistEncryption.Clear();
    }

    /// <summary>The first key tag that encrypts; null when there is none.</summary>
    public static PlaylistEncryption.Keyed? Key(IEnumerable<string> lines, Uri playlistUrl)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines.Where(l => l.StartsWith("#EXT-X-KEY:", StringComparison.Ordinal)))
        {
            var attributes = Attributes(line["#EXT-X-KEY:".Length..]);
            if (attributes.TryGetValue("METHOD", out var method) && method != "NONE" && attributes.TryGetValue("URI", out var uri))
            {
                return new PlaylistEncryption.Keyed(method, new Uri(playlistUrl, uri));
            }
        }

        return null;
    }

    private async Task<(string? Body, string? Error)> ReadTextAsync(Uri url, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > MaxPlaylistBytes)
            {
                return (null, $"a playlist larger than {MaxPlaylistBytes} bytes");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await BoundedBody.ReadAsync(body, MaxPlaylistBytes, cancellationToken) is { } bytes
                ? (System.Text.Encoding.UTF8.GetString(bytes.Span), null)
                : (null, $"a playlist larger than {MaxPlaylistBytes} bytes");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, e.Message);
        }
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>An attribute list (RFC 8216 4.2): NAME=value pairs, values quoted or not, separated by commas.</summary>
    private static Dictionary<string, string> Attributes(string list)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < list.Length)
        {
            var equals = list.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var name = list[i..equals].Trim();
            string value;
            if (equals + 1 < list.Length && list[equals + 1] == '"')
            {
                var close = list.IndexOf('"', equals + 2);
                close = close < 0 ? list.Length : close;
                value = list[(equals + 2)..close];
                i = list.IndexOf(',', Math.Min(close, list.Length - 1)) is var comma and >= 0 ? comma + 1 : list.Length;
            }
            else
            {
                var comma = list.IndexOf(',', equals);
                value = list[(equals + 1)..(comma < 0 ? list.Length : comma)];
                i = comma < 0 ? list.Length : comma + 1;
            }

            attributes[name] = value;
        }

        return attributes;
    }
}
