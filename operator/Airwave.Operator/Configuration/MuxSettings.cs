using System.Text.Json.Serialization.Metadata;
using Airwave.Configuration;

namespace Airwave.Operator.Configuration;

/// <summary>
/// Where the operator reaches Mux and how it builds the URLs users play from: the provider's "action map", so a CDN
/// in front of Mux, or the sandbox's emulator, is configuration rather than code. Defaults are Mux's own.
/// The access token is not here: it comes from the MUX_TOKEN_ID and MUX_TOKEN_SECRET environment variables.
/// </summary>
public sealed record MuxSettings : ISettingsSection<MuxSettings>
{
    public static JsonTypeInfo<MuxSettings> JsonType => OperatorSettingsJson.Default.MuxSettings;

    public const string TokenIdVariable = "MUX_TOKEN_ID";
    public const string TokenSecretVariable = "MUX_TOKEN_SECRET";

    /// <summary>A signing key for every namespace's Signed playback: its id, and its private key (base64 PEM, as Mux gives it).</summary>
    public const string SigningKeyVariable = "VIDEO_SIGNING_KEY";
    public const string PrivateKeyVariable = "VIDEO_PRIVATE_KEY";

    public Uri ApiUrl { get; init; } = new("https://api.mux.com/");

    /// <summary>The HLS URL of a playback id; {playback_id} stands for it.</summary>
    public string PlaybackUrlTemplate { get; init; } = "https://stream.mux.com/{playback_id}.m3u8";

    /// <summary>The thumbnail URL of a playback id; {playback_id} stands for it.</summary>
    public string ThumbnailUrlTemplate { get; init; } = "https://image.mux.com/{playback_id}/thumbnail.png";

    /// <summary>basic, plus or premium; unset: the Mux environment's default.</summary>
    public string? VideoQuality { get; init; }

    /// <summary>
    /// How often a waiting direct upload is looked at. Provider callbacks bring an upload's news at once; this look is
    /// the fallback, and each waiting upload costs one Mux API call per interval.
    /// </summary>
    public TimeSpan UploadPollInterval { get; init; } = TimeSpan.FromSeconds(30);

    public static readonly IReadOnlyList<string> VideoQualities = ["basic", "plus", "premium"];
}
