using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Configuration;
using Microsoft.Extensions.Configuration;

namespace Airwave.Aws.Tests.Credentials;

/// <summary>Keys given in settings, under Airwave's names or django-broadcast's, are what the service signs with.</summary>
public sealed class AwsSettingsCredentialsTests
{
    [Fact]
    public async Task Keys_given_under_django_broadcasts_names_sign_the_requests_and_never_print()
    {
        var settings = Bind(new() { ["DJ_BROADCAST_AWS_ACCESS_KEY"] = "AKIAEXAMPLE", ["DJ_BROADCAST_AWS_ACCESS_SECRET"] = "secret-of-the-example" });

        var credentials = await settings.Credentials().GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(("AKIAEXAMPLE", "secret-of-the-example", (string?)null), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        Assert.DoesNotContain("secret-of-the-example", settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("AKIAEXAMPLE", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_keys_the_sdks_default_chain_is_used_and_half_a_key_stops_startup_naming_both_names()
    {
        Assert.IsType<DefaultChainCredentialsProvider>(Bind([]).Credentials());

        var error = Assert.Throws<SettingException>(() => Bind(new() { ["DJ_BROADCAST_AWS_ACCESS_SECRET"] = "secret-of-the-example" }).Credentials());

        Assert.Equal("Aws:SecretAccessKey (or DJ_BROADCAST_AWS_ACCESS_SECRET) is set but Aws:AccessKeyId (or DJ_BROADCAST_AWS_ACCESS_KEY) is not: an AWS access key is both its id and its secret", error.Message);
    }

    private static AwsSettings Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(values);
        EarlierNames.Apply(configuration);
        return Settings.Bind<AwsSettings>(configuration, "Aws");
    }
}
