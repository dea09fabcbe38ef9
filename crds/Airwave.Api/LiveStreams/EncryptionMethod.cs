namespace Airwave.Api.LiveStreams;

/// <summary>How an encrypted stream's HLS segments are encrypted.</summary>
public enum EncryptionMethod
{
    /// <summary>Whole segments, AES-128 with a clear key that players fetch from the key URL.</summary>
    Aes128,

    /// <summary>Apple FairPlay: the audio and video samples alone, the key obtained by FairPlay players from a license server.</summary>
    SampleAes,
}
