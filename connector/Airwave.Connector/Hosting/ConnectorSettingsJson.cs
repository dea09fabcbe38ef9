using System.Text.Json.Serialization;

namespace Airwave.Connector.Hosting;

/// <summary>The shape of this program's settings, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(ConnectorSettings))]
internal sealed partial class ConnectorSettingsJson : JsonSerializerContext;
