using System.Text.Json.Serialization;

namespace Airwave.Signaling.Configuration;

/// <summary>The shape of this program's settings, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(SignalingSettings))]
internal sealed partial class SignalingSettingsJson : JsonSerializerContext;
