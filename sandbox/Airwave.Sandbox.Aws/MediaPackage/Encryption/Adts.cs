namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>An AAC frame in ADTS form: where its header ends, how long it is, and the stream's setup it names.</summary>
internal sealed record Adts(int HeaderLength, int Length, int Profile, int SamplingIndex, int ChannelConfiguration)
{
    /// <summary>The frame starting at this position, when a whole one does.</summary>
    public static Adts? At(ReadOnlySpan<byte> data, int position)
    {
        var rest = data[position..];
        if (rest.Length < 7 || rest[0] != 0xFF || (rest[1] & 0xF0) != 0xF0)
        {
            return null;
        }

        var headerLength = (rest[1] & 0x01) == 1 ? 7 : 9;
        var length = ((rest[3] & 0x03) << 11) | (rest[4] << 3) | (rest[5] >> 5);
        return length < headerLength || length > rest.Length ? null
            : new Adts(headerLength, length, rest[2] >> 6, (rest[2] >> 2) & 0x0F, ((rest[2] & 0x01) << 2) | (rest[3] >> 6));
    }

    /// <summary>The MPEG-4 AudioSpecificConfig of this frame's stream (object type, sampling index, channels).</summary>
    public byte[] AudioSpecificConfig()
    {
        var objectType = Profile + 1;
        return [(byte)((objectType << 3) | (SamplingIndex >> 1)), (byte)(((SamplingIndex & 1) << 7) | (ChannelConfiguration << 3))];
    }
}
