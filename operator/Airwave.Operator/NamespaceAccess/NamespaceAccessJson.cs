using System.Text.Json.Serialization;

namespace Airwave.Operator.NamespaceAccess;

/// <summary>The shape of <see cref="NamespaceAccessOptions"/>, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(NamespaceAccessOptions))]
internal sealed partial class NamespaceAccessJson : JsonSerializerContext;
