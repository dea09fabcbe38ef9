using System.Globalization;

namespace Airwave.Media.Transcoding;

/// <summary>The paths, relative to an asset's output prefix, of the files a transcode Job writes.</summary>
public static class TranscodeOutputs
{
    public const string Master = "master.m3u8";

    /// <summary>Half an hour of 1080p at its default rate is about 1.2 GB, well under S3's 5 GB for one PUT.</summary>
    public const int DefaultPartSeconds = 1800;

    public const int DefaultMaxThumbnails = 100;

    public static string Playlist(Rendition rendition) => $"{Check(rendition).Name}.m3u8";

    public static string Part(Rendition rendition, int index) => $"{Check(rendition).Name}_{index.ToString("000", CultureInfo.InvariantCulture)}.ts";

    public static string Thumbnail(int index) => $"thumbnails/{index.ToString("000", CultureInfo.InvariantCulture)}.jpg";

    /// <summary>Every file a Job of this ladder and these limits may write, so that each gets a URL.</summary>
    public static IEnumerable<string> All(IReadOnlyList<Rendition> ladder, double maxDurationSeconds, int partSeconds, int maxThumbnails)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var parts = (int)Math.Ceiling(maxDurationSeconds / partSeconds);
        yield return Master;
        foreach (var rendition in ladder)
        {
            yield return Playlist(rendition);
            for (var index = 0; index < parts; index++)
            {
                yield return Part(rendition, index);
            }
        }

        for (var index = 0; index < maxThumbnails; index++)
        {
            yield return Thumbnail(index);
        }
    }

    /// <summary>The content type each output is stored and served with.</summary>
    public static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".m3u8" => "application/vnd.apple.mpegurl",
        ".ts" => "video/mp2t",
        ".jpg" => "image/jpeg",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    private static Rendition Check(Rendition rendition)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        return rendition;
    }
}
