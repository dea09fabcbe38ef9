using System.Text.Json.Serialization;

namespace Airwave.Events.Sinks;

/// <summary>The shape of this program's settings, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(DownstreamOptions))]
internal sealed partial class DownstreamOptionsJson : JsonSerializerContext;
