using Airwave.Configuration;
using Airwave.Operator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Operator.Tests.Hosting;

public sealed class OperatorSettingsTests
{
    [Theory]
    [InlineData("10.0.0.300/8")]
    [InlineData("10.0.0.0")]
    [InlineData("2001:db8::/32")]
    public void A_default_ingest_cidr_that_is_not_an_ipv4_block_stops_startup_naming_it(string cidr)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:DefaultAllowedCidrs:0"] = "203.0.113.0/24", ["Operator:DefaultAllowedCidrs:1"] = cidr })
            .Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal($"setting Operator:DefaultAllowedCidrs:1 is \"{cidr}\", which is not an IPv4 CIDR block such as 203.0.113.0/24", error.Message);
    }

    [Theory]
    [InlineData("Team_Archive")]
    [InlineData("s3://team-archive")]
    [InlineData("")]
    public void An_allowed_archive_bucket_that_is_not_a_bucket_name_stops_startup_naming_it(string bucket)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:AllowedArchiveBuckets:0"] = "team-*-archive", ["Operator:AllowedArchiveBuckets:1"] = bucket })
            .Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal($"setting Operator:AllowedArchiveBuckets:1 is \"{bucket}\", which is not an S3 bucket name, where * stands for any run of characters (team-*-archive)", error.Message);
    }

    [Fact]
    public void Configured_speke_system_ids_replace_the_default_instead_of_joining_it()
    {
        var configured = Settings.Bind<Airwave.Operator.Configuration.OperatorOptions>(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:Speke:SystemIds:0"] = "94ce86fb-07ff-4f43-adb8-93d2fa968ca2" }).Build(),
            "Operator");
        var unset = Settings.Bind<Airwave.Operator.Configuration.OperatorOptions>(new ConfigurationBuilder().Build(), "Operator");

        Assert.Equal(["94ce86fb-07ff-4f43-adb8-93d2fa968ca2"], configured.Speke.EffectiveSystemIds);
        Assert.Equal(["81376844-f976-481e-a84e-cc25d39b0b33"], unset.Speke.EffectiveSystemIds);
    }
}
