using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Airwave.Testing;

/// <summary>A player's view of an HLS AES-128 media playlist: its segments with the keys in force, and their decryption.</summary>
public static partial class EncryptedHls
{
    /// <summary>One segment: its media sequence number, URI, and the URI of the key in force ("" when none).</summary>
    public sealed record Segment(long Sequence, string Uri, string KeyUri);

    public static IReadOnlyList<Segment> Segments(string playlist)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        var segments = new List<Segment>();
        long sequence = 0;
        var key = "";
        foreach (var line in playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            {
                sequence = long.Parse(line["#EXT-X-MEDIA-SEQUENCE:".Length..], CultureInfo.InvariantCulture);
            }
            else if (KeyTag().Match(line) is { Success: true } tag)
            {
                key = tag.Groups["uri"].Value;
            }
            else if (!line.StartsWith('#'))
            {
                segments.Add(new Segment(sequence++, line, key));
            }
        }

        return segments;
    }

    /// <summary>The URIs of the playlist's key tags (AES-128 or SAMPLE-AES), in order.</summary>
    public static IReadOnlyList<string> KeyUris(string playlist) =>
        [.. KeyTag().Matches(playlist ?? throw new ArgumentNullException(nameof(playlist))).Select(m => m.Groups["uri"].Value)];

    /// <summary>A segment's AES-128-CBC decryption, its IV the media sequence number, as HLS says when the key tag has none.</summary>
    public static byte[] Decrypt(byte[] segment, byte[] key, long sequence)
    {
        var iv = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(iv.AsSpan(8), sequence);
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.DecryptCbc(segment, iv, PaddingMode.PKCS7);
    }

    [GeneratedRegex("^#EXT-X-KEY:METHOD=(AES-128|SAMPLE-AES),URI=\"(?<uri>[^\"]+)\"", RegexOptions.Multiline)]
    private static partial Regex KeyTag();
}
