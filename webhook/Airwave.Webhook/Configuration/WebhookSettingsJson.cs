using System.Text.Json.Serialization;
using Airwave.Webhook.Admission;

namespace Airwave.Webhook.Configuration;

/// <summary>The shape of this program's settings, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(InstallationPolicy))]
[JsonSerializable(typeof(WebhookSettings))]
internal sealed partial class WebhookSettingsJson : JsonSerializerContext;
