namespace Airwave.Aws.Ivs;

/// <summary>
/// The public half of a key pair IVS checks private channels' playback tokens with (ES384); the private half stays
/// with whoever signs the tokens. Listings leave out the fingerprint.
/// </summary>
public sealed record PlaybackKeyPair(string Arn, string? Name, string? Fingerprint, IReadOnlyDictionary<string, string>? Tags);
