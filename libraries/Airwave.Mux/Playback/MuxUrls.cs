using System.Globalization;
using System.Text;

namespace Airwave.Mux.Playback;

/// <summary>
/// The provider's playback and thumbnail URLs, from templates with a `{playback_id}` placeholder: part of the
/// action map, so another endpoint (the sandbox's, a CDN in front of Mux) is configuration, not code. Defaults are Mux's.
/// </summary>
public sealed record MuxUrls
{
    public const string PlaybackIdPlaceholder = "{playback_id}";

    public string PlaybackTemplate { get; init; } = "https://stream.mux.com/{playback_id}.m3u8";

    public string ThumbnailTemplate { get; init; } = "https://image.mux.com/{playback_id}/thumbnail.png";

    /// <summary>The HLS URL, with the token of a signed playback id.</summary>
    public Uri Playback(string playbackId, string? token = null) => Build(PlaybackTemplate, playbackId, token is null ? [] : [("token", token)]);

    /// <summary>
    /// A thumbnail URL. For a public playback id the parameters are in the query; for a signed one they must be in the
    /// token's claims, and the query holds the token alone, as Mux requires.
    /// </summary>
    public Uri Thumbnail(string playbackId, int? width = null, double? time = null, string? token = null)
    {
        if (token is not null)
        {
            return Build(ThumbnailTemplate, playbackId, [("token", token)]);
        }

        var query = new List<(string, string)>();
        if (width is { } w)
        {
            query.Add(("width", w.ToString(CultureInfo.InvariantCulture)));
        }

        if (time is { } t)
        {
            query.Add(("time", t.ToString(CultureInfo.InvariantCulture)));
        }

        return Build(ThumbnailTemplate, playbackId, query);
    }

    /// <summary>Whether <paramref name="template"/> is an absolute http(s) URL with the placeholder.</summary>
    public static bool IsValidTemplate(string template) =>
        template.Contains(PlaybackIdPlaceholder, StringComparison.Ordinal)
        && Uri.TryCreate(template.Replace(PlaybackIdPlaceholder, "id", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https";

    /// <summary>Fails unless both templates are absolute http(s) URLs with the placeholder.</summary>
    /// <exception cref="ArgumentException">Names the template and what is wrong with it.</exception>
    public void Validate()
    {
        foreach (var (name, template) in new[] { (nameof(PlaybackTemplate), PlaybackTemplate), (nameof(ThumbnailTemplate), ThumbnailTemplate) })
        {
            if (!IsValidTemplate(template))
            {
                throw new ArgumentException($"{name} must be an http(s) URL with {PlaybackIdPlaceholder} in it, not \"{template}\"", name);
            }
        }
    }

    private static Uri Build(string template, string playbackId, List<(string Name, string Value)> query)
    {
        var url = new StringBuilder(template.Replace(PlaybackIdPlaceholder, Uri.EscapeDataString(playbackId), StringComparison.Ordinal));
        for (var i = 0; i < query.Count; i++)
        {
            url.Append(i == 0 && !template.Contains('?', StringComparison.Ordinal) ? '?' : '&')
                .Append(Uri.EscapeDataString(query[i].Name)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }

        return new Uri(url.ToString());
    }
}
