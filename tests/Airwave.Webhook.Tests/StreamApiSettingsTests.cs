using Airwave.Configuration;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.Hosting;
using Microsoft.Extensions.Configuration;

namespace Airwave.Webhook.Tests;

/// <summary>The stream API's settings: a value the service cannot use stops it at start, naming the setting and what it takes.</summary>
public sealed class StreamApiSettingsTests
{
    [Theory]
    [InlineData("CredentialSeconds", "600", "a number of seconds from 900 to 43200")]
    [InlineData("CallsPerCallerPerMinute", "0", "a number of at least 1")]
    [InlineData("StartTimeout", "00:10:00", "a duration from 1 second to 5 minutes")]
    public void A_value_it_cannot_use_stops_the_service_naming_the_setting(string key, string value, string takes)
    {
        var error = Assert.Throws<SettingException>(() => WebhookHost.Build(configure: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WebhookSettings.SecretVariable] = "a-mux-secret",
            ["Webhook:StreamApi:Enabled"] = "true",
            ["Webhook:StreamApi:" + key] = value,
        })));

        Assert.Contains($"Webhook:StreamApi:{key}", error.Message, StringComparison.Ordinal);
        Assert.Contains(takes, error.Message, StringComparison.Ordinal);
    }
}
