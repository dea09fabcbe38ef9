using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>
/// A transport stream segment sample-encrypted as Apple's MPEG-2 stream encryption format says: each H.264 and
/// ADTS AAC PES has its samples encrypted (<see cref="SampleAes"/>), and the program map names the streams by their
/// encrypted types (0xDB, 0xCF) with the private data indicators and, for audio, the setup information a player
/// needs to know the codec before it decrypts.
/// </summary>
internal static class SampleAesSegment
{
    private const byte H264 = 0x1B;
    private const byte AdtsAac = 0x0F;

    public static byte[] Encrypt(byte[] segment, byte[] key, byte[] iv)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var types = new Dictionary<int, byte>();
        byte[]? audioSetup = null;
        return TransportStreamRewrite.Rewrite(
            segment,
            stream =>
            {
                if (stream.Type is not (H264 or AdtsAac))
                {
                    return false;
                }

                types[stream.Pid] = stream.Type;
                return true;
            },
            (pid, elementary) =>
            {
                if (types[pid] == H264)
                {
                    return SampleAes.EncryptVideo(elementary, aes, iv);
                }

                audioSetup ??= Adts.At(elementary, 0)?.AudioSpecificConfig();
                return SampleAes.EncryptAudio(elementary, aes, iv);
            },
            map => map.Encrypted(types, audioSetup));
    }
}
