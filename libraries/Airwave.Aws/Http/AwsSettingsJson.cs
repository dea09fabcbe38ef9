using System.Text.Json.Serialization;

namespace Airwave.Aws.Http;

/// <summary>The shape of this program's settings, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(AwsSettings))]
internal sealed partial class AwsSettingsJson : JsonSerializerContext;
