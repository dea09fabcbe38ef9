using System.Text.Json.Serialization;

namespace Airwave.Webhook.Admission;

/// <summary>The shape of <see cref="InstallationPolicy"/>, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(InstallationPolicy))]
internal sealed partial class InstallationPolicyJson : JsonSerializerContext;
