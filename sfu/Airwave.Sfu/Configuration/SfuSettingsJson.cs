using System.Text.Json.Serialization;

namespace Airwave.Sfu.Configuration;

/// <summary>The shape of this program's settings, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(SfuSettings))]
internal sealed partial class SfuSettingsJson : JsonSerializerContext;
