using Airwave.Mux;
using Airwave.Mux.Playback;
using Airwave.Mux.Signing;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>The Mux environment VideoAssets are hosted in, as the operator is configured.</summary>
/// <param name="Client">Null when no access token is configured: Mux VideoAssets then say so in their status.</param>
/// <param name="Urls">How playback and thumbnail URLs are built from a playback id.</param>
/// <param name="VideoQuality">basic, plus or premium; null for the environment's default.</param>
/// <param name="UploadPollInterval">How often a waiting direct upload is looked at.</param>
/// <param name="SigningKey">A signing key the operator was given for every namespace, instead of one made per namespace.</param>
public sealed record MuxAccount(IMuxClient? Client, MuxUrls Urls, string? VideoQuality, TimeSpan UploadPollInterval, SigningKey? SigningKey = null);
