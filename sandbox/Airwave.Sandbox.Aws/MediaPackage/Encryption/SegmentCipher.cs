using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>
/// A segment encrypted as the endpoint's encryption method says: AES_128 (the default) encrypts the whole segment
/// with AES-128-CBC and PKCS#7 padding; SAMPLE_AES encrypts its samples (<see cref="SampleAesSegment"/>).
/// </summary>
internal static class SegmentCipher
{
    public const string SampleAesMethod = "SAMPLE_AES";

    /// <summary>The segment encrypted with its key, whose IV is the key's own or the segment's media sequence number.</summary>
    public static byte[] Encrypt(byte[] segment, ContentKey key, long sequence, string? method)
    {
        ArgumentNullException.ThrowIfNull(key);
        var iv = key.ExplicitIv ?? SequenceIv(sequence);
        if (method == SampleAesMethod)
        {
            return SampleAesSegment.Encrypt(segment, key.Value, iv);
        }

        using var aes = Aes.Create();
        aes.Key = key.Value;
        return aes.EncryptCbc(segment, iv, PaddingMode.PKCS7);
    }

    /// <summary>HLS's IV for a key tag without one: the media sequence number, big-endian, in 16 bytes.</summary>
    private static byte[] SequenceIv(long sequence)
    {
        var iv = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(iv.AsSpan(8), sequence);
        return iv;
    }
}
