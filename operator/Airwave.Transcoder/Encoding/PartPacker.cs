using System.Globalization;
using System.Text;
using Airwave.Media.Transcoding;

namespace Airwave.Transcoder.Encoding;

/// <summary>
/// Packs a rendition's segments into parts of <see cref="TranscodePlan.PartSeconds"/> each (a segment goes in the
/// part its start falls in) and rewrites its playlist to address them as byte ranges. The files a source can need are
/// then known from the length limit alone, and a player fetches the same bytes as from separate segments.
/// </summary>
public static class PartPacker
{
    /// <returns>The paths of the parts written, relative to <paramref name="directory"/>.</returns>
    public static async Task<IReadOnlyList<string>> PackAsync(string directory, Rendition rendition, int partSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        var playlist = Path.Combine(directory, TranscodeOutputs.Playlist(rendition));
        var lines = await File.ReadAllLinesAsync(playlist, cancellationToken);
        var packed = new StringBuilder();
        var parts = new List<string>();
        FileStream? part = null;
        var start = 0.0;
        double? duration = null;
        try
        {
            foreach (var line in lines)
            {
                if (line.StartsWith("#EXT-X-VERSION:", StringComparison.Ordinal))
                {
                    // Byte ranges came with version 4.
                    packed.Append("#EXT-X-VERSION:4\n");
                }
                else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
                {
                    duration = double.Parse(line["#EXTINF:".Length..].TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture);
                    packed.Append(line).Append('\n');
                }
                else if (line.Length > 0 && !line.StartsWith('#'))
                {
                    var index = (int)(start / partSeconds);
                    if (parts.Count <= index)
                    {
                        if (part is not null)
                        {
                            await part.DisposeAsync();
                        }

                        parts.Add(TranscodeOutputs.Part(rendition, index));
                        part = File.Create(Path.Combine(directory, parts[^1]));
                    }

                    var segment = Path.Combine(directory, "segments", line);
                    var offset = part!.Position;
                    await using (var bytes = File.OpenRead(segment))
                    {
                        await bytes.CopyToAsync(part, cancellationToken);
                    }

                    File.Delete(segment);
                    packed.Append(CultureInfo.InvariantCulture, $"#EXT-X-BYTERANGE:{part.Position - offset}@{offset}\n{parts[^1]}\n");
                    start += duration ?? throw new FormatException($"{playlist}: a segment without #EXTINF");
                    duration = null;
                }
                else if (line.Length > 0)
                {
                    packed.Append(line).Append('\n');
                }
            }
        }
        finally
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }

        await File.WriteAllTextAsync(playlist, packed.ToString(), cancellationToken);
        return parts;
    }
}
