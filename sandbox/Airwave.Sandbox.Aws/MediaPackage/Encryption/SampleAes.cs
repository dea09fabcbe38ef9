using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>
/// Apple's HLS sample encryption of elementary streams (SAMPLE-AES, what MediaPackage does for FairPlay on TS): the
/// codec's headers stay clear so a player finds frames and their timing, and AES-128-CBC hides the media, the IV
/// reset for every video NAL unit and audio frame. Video: H.264 slices (NAL types 1 and 5) over 48 bytes, taken
/// without their emulation-prevention bytes, keep their first 32 bytes clear, then one 16-byte block in ten is
/// encrypted (a last block of 16 bytes or less stays clear); the bytes are then escaped again. Audio: an ADTS
/// frame keeps its header and 16 bytes clear; every whole block after them is encrypted.
/// </summary>
internal static class SampleAes
{
    private const int BlockSize = 16;
    private const int NalClearLeader = 32;
    private const int SmallestEncryptedNal = 49;
    private const int ClearBytesBetweenBlocks = 144;

    /// <summary>An access unit of H.264 in Annex B form, its slices encrypted.</summary>
    public static byte[] EncryptVideo(ReadOnlySpan<byte> accessUnit, Aes aes, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(aes);
        var output = new List<byte>(accessUnit.Length + 64);
        var position = 0;
        while (position < accessUnit.Length)
        {
            var startCode = StartCodeAt(accessUnit, position);
            if (startCode == 0)
            {
                // Bytes before the first start code are not a NAL unit: carried as they are.
                output.Add(accessUnit[position++]);
                continue;
            }

            var nalStart = position + startCode;
            var nalEnd = nalStart;
            while (nalEnd < accessUnit.Length && StartCodeAt(accessUnit, nalEnd) == 0)
            {
                nalEnd++;
            }

            output.AddRange(accessUnit.Slice(position, startCode));
            var nal = accessUnit[nalStart..nalEnd];
            if (nal.Length >= SmallestEncryptedNal && (nal[0] & 0x1F) is 1 or 5)
            {
                output.AddRange(Escape(EncryptNal(Unescape(nal), aes, iv)));
            }
            else
            {
                output.AddRange(nal);
            }

            position = nalEnd;
        }

        return [.. output];
    }

    /// <summary>A run of ADTS frames (an audio PES's payload), each frame's body encrypted.</summary>
    public static byte[] EncryptAudio(ReadOnlySpan<byte> frames, Aes aes, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(aes);
        var output = frames.ToArray();
        var position = 0;
        while (Adts.At(output, position) is { } frame)
        {
            var body = frame.Length - frame.HeaderLength;
            if (body > 31)
            {
                var encrypted = output.AsSpan(position + frame.HeaderLength + BlockSize, (body - BlockSize) / BlockSize * BlockSize);
                aes.EncryptCbc(encrypted, iv, encrypted, PaddingMode.None);
            }

            position += frame.Length;
        }

        return output;
    }

    private static byte[] EncryptNal(byte[] nal, Aes aes, ReadOnlySpan<byte> iv)
    {
        Span<byte> chain = stackalloc byte[BlockSize];
        iv.CopyTo(chain);
        var offset = NalClearLeader;
        while (offset < nal.Length)
        {
            if (nal.Length - offset > BlockSize)
            {
                var block = nal.AsSpan(offset, BlockSize);
                aes.EncryptCbc(block, chain, block, PaddingMode.None);
                block.CopyTo(chain);
                offset += BlockSize;
            }

            offset += Math.Min(ClearBytesBetweenBlocks, nal.Length - offset);
        }

        return nal;
    }

    /// <summary>The length of the Annex B start code (00 00 01 or 00 00 00 01) at this position; 0 when none.</summary>
    private static int StartCodeAt(ReadOnlySpan<byte> data, int position)
    {
        var rest = data[position..];
        return rest.Length >= 4 && rest[0] == 0 && rest[1] == 0 && rest[2] == 0 && rest[3] == 1 ? 4
            : rest.Length >= 3 && rest[0] == 0 && rest[1] == 0 && rest[2] == 1 ? 3
            : 0;
    }

    /// <summary>The NAL unit without its emulation-prevention bytes (the 03 of each 00 00 03 that is not its end).</summary>
    private static byte[] Unescape(ReadOnlySpan<byte> nal)
    {
        var output = new List<byte>(nal.Length);
        for (var i = 0; i < nal.Length; i++)
        {
            output.Add(nal[i]);
            if (nal.Length - i > 3 && nal[i] == 0 && nal[i + 1] == 0 && nal[i + 2] == 3)
            {
                output.Add(nal[++i]);
                i++;
            }
        }

        return [.. output];
    }

    /// <summary>The NAL unit with an emulation-prevention byte wherever 00 00 would precede 00 to 03.</summary>
    private static byte[] Escape(ReadOnlySpan<byte> nal)
    {
        var output = new List<byte>(nal.Length + 8);
        var zeros = 0;
        foreach (var b in nal)
        {
            if (zeros >= 2 && b <= 3)
            {
                output.Add(3);
                zeros = 0;
            }

            output.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. output];
    }
}
