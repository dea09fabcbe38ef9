using System.Text.Json.Serialization;

namespace Airwave.Operator.Configuration;

/// <summary>The shape of this program's settings, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(LeaderElectionSettings))]
[JsonSerializable(typeof(MuxSettings))]
[JsonSerializable(typeof(OperatorOptions))]
internal sealed partial class OperatorSettingsJson : JsonSerializerContext;
