using System.Text.Json.Serialization;

namespace Airwave.Webhook.Configuration;

/// <summary>The shape of this program's settings, generated at build time for <see cref="Airwave.Configuration.Settings.Bind{T}"/>.</summary>
[JsonSerializable(typeof(WebhookSettings))]
internal sealed partial class WebhookSettingsJson : JsonSerializerContext;
