using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>HLS AES-128: a whole segment encrypted with AES-128-CBC and PKCS#7 padding.</summary>
internal static class SegmentCipher
{
    /// <summary>The segment encrypted with its key, whose IV is the key's own or the segment's media sequence number.</summary>
    public static byte[] Encrypt(byte[] segment, ContentKey key, long sequence)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var aes = Aes.Create();
        aes.Key = key.Value;
        return aes.EncryptCbc(segment, key.ExplicitIv ?? SequenceIv(sequence), PaddingMode.PKCS7);
    }

    /// <summary>HLS's IV for a key tag without one: the media sequence number, big-endian, in 16 bytes.</summary>
    private static byte[] SequenceIv(long sequence)
    {
        var iv = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(iv.AsSpan(8), sequence);
        return iv;
    }
}
