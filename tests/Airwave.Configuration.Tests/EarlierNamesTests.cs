using Microsoft.Extensions.Configuration;

namespace Airwave.Configuration.Tests;

/// <summary>A deployment configured with the replaced systems' names gets the same settings.</summary>
public sealed class EarlierNamesTests
{
    [Fact]
    public void A_value_under_an_earlier_name_is_read_as_its_setting_and_the_same_value_under_both_names_is_fine()
    {
        var configuration = Configured(new()
        {
            ["VIDEO_CDN_TOKEN"] = "token-id",
            ["VIDEO_CDN_SECRET"] = "token-secret",
            ["MUX_TOKEN_SECRET"] = "token-secret",
            ["DJ_BROADCAST_S3_BUCKET"] = "team-archive",
            ["DJ_BROADCAST_AWS_ACCESS_KEY"] = "AKIAEXAMPLE",
        });

        EarlierNames.Apply(configuration);

        Assert.Equal("token-id", configuration["MUX_TOKEN_ID"]);
        Assert.Equal("token-secret", configuration["MUX_TOKEN_SECRET"]);
        Assert.Equal("team-archive", configuration["Operator:ArchiveBucket"]);
        Assert.Equal("AKIAEXAMPLE", configuration["Aws:AccessKeyId"]);
        Assert.Null(configuration["Aws:SecretAccessKey"]);
    }

    [Fact]
    public void Both_names_set_to_different_values_stop_startup_naming_both_and_neither_value()
    {
        var configuration = Configured(new() { ["VIDEO_CDN_SECRET"] = "old-secret-value", ["MUX_TOKEN_SECRET"] = "new-secret-value" });

        var error = Assert.Throws<SettingException>(() => EarlierNames.Apply(configuration));

        Assert.Equal("VIDEO_CDN_SECRET and MUX_TOKEN_SECRET are both set, to different values: VIDEO_CDN_SECRET is the VOD service's name for MUX_TOKEN_SECRET; set one of them", error.Message);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_earlier_name_changes_nothing()
    {
        var configuration = Configured(new() { ["DJ_BROADCAST_S3_BUCKET"] = "", ["Operator:ArchiveBucket"] = "airwave-archive" });

        EarlierNames.Apply(configuration);

        Assert.Equal("airwave-archive", configuration["Operator:ArchiveBucket"]);
        Assert.Equal("Aws:AccessKeyId (or DJ_BROADCAST_AWS_ACCESS_KEY)", EarlierNames.Named("Aws:AccessKeyId"));
        Assert.Equal("Aws:Region", EarlierNames.Named("Aws:Region"));
    }

    private static ConfigurationManager Configured(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(values);
        return configuration;
    }
}
