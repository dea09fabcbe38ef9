using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// The full-object checksums S3 verifies on upload (<c>x-amz-checksum-*</c>, as a header or an aws-chunked
/// trailer): base64 of the big-endian CRC, or of the SHA digest.
/// </summary>
internal static class S3Checksums
{
    public static readonly IReadOnlyList<string> Algorithms = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

    private static readonly uint[] Crc32Table = ReflectedTable32(0xEDB88320u);
    private static readonly uint[] Crc32CTable = ReflectedTable32(0x82F63B78u);
    private static readonly ulong[] Crc64NvmeTable = ReflectedTable64(0x9A6C9329AC4BC9B5ul);

    /// <summary>The checksum named by an <c>x-amz-checksum-*</c> header or trailer name, if it is one S3 knows.</summary>
    public static string? AlgorithmOf(string headerName)
    {
        const string Prefix = "x-amz-checksum-";
        if (!headerName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var name = headerName[Prefix.Length..].ToUpperInvariant();
        return Algorithms.Contains(name) ? name : null;
    }

    public static string Compute(string algorithm, ReadOnlySpan<byte> content)
    {
        Span<byte> value = stackalloc byte[32];
        switch (algorithm)
        {
            case "CRC32":
                BinaryPrimitives.WriteUInt32BigEndian(value, Crc32(Crc32Table, content));
                return Convert.ToBase64String(value[..4]);
            case "CRC32C":
                BinaryPrimitives.WriteUInt32BigEndian(value, Crc32(Crc32CTable, content));
                return Convert.ToBase64String(value[..4]);
            case "CRC64NVME":
                BinaryPrimitives.WriteUInt64BigEndian(value, Crc64(content));
                return Convert.ToBase64String(value[..8]);
            case "SHA1":
#pragma warning disable CA5350 // S3 defines this checksum; it guards against corruption, not attackers.
                return Convert.ToBase64String(SHA1.HashData(content));
#pragma warning restore CA5350
            case "SHA256":
                return Convert.ToBase64String(SHA256.HashData(content));
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not a checksum S3 knows.");
        }
    }

    private static uint Crc32(uint[] table, ReadOnlySpan<byte> content)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in content)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static ulong Crc64(ReadOnlySpan<byte> content)
    {
        var crc = ulong.MaxValue;
        foreach (var b in content)
        {
            crc = Crc64NvmeTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static uint[] ReflectedTable32(uint polynomial)
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ polynomial : entry >> 1;
            }
            table[i] = entry;
        }
        return table;
    }

    private static ulong[] ReflectedTable64(ulong polynomial)
    {
        var table = new ulong[256];
        for (var i = 0ul; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ polynomial : entry >> 1;
            }
            table[i] = entry;
        }
        return table;
    }
}
