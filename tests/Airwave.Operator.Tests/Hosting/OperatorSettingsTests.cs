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

    [Fact]
    public void An_sfu_egress_cidr_that_is_not_an_ipv4_block_stops_startup_naming_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:Sfu:EgressCidrs:0"] = "10.0.0.300/8" })
            .Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal("setting Operator:Sfu:EgressCidrs:0 is \"10.0.0.300/8\", which is not an IPv4 CIDR block such as 203.0.113.0/24", error.Message);
    }

    [Theory]
    [InlineData("10s", "10s", "2s")]
    [InlineData("15s", "10s", "10s")]
    [InlineData("15s", "20s", "2s")]
    public void Lease_timings_out_of_order_stop_startup_saying_which_order_they_need(string leaseDuration, string renewDeadline, string retryPeriod)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["LeaderElection:LeaseDuration"] = leaseDuration,
                ["LeaderElection:RenewDeadline"] = renewDeadline,
                ["LeaderElection:RetryPeriod"] = retryPeriod,
            })
            .Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.StartsWith("LeaderElection:RetryPeriod (", error.Message, StringComparison.Ordinal);
        Assert.Contains("must grow in that order: the leader must stop before its lease can be taken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_broadcast_key_stops_startup_without_showing_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:Sfu:BroadcastKey"] = "short-key" })
            .Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.StartsWith("Operator:Sfu:BroadcastKey is 9 characters long: it needs at least 32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-key", error.Message, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("live.example.com")]
    [InlineData("ftp://live.example.com")]
    [InlineData("https://live.example.com/?token=1")]
    public void A_live_playback_base_url_that_viewers_cannot_use_stops_startup_naming_it(string url)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:LivePlaybackBaseUrl"] = url })
            .Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal($"setting Operator:LivePlaybackBaseUrl is \"{url}\", which is not an absolute http(s) URL without a query, such as https://live.example.com", error.Message);
    }

    [Theory]
    [InlineData("live.example.com")]
    [InlineData("ftp://live.example.com")]
    [InlineData("https://live.example.com/?site=1")]
    public void A_signaling_url_publishers_cannot_use_stops_startup_naming_it(string url)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:Sfu:SignalingUrl"] = url })
            .Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal($"setting Operator:Sfu:SignalingUrl is \"{url}\", which is not the signaling service's public URL, such as https://live.example.com", error.Message);
    }

    [Theory]
    [InlineData("Operator:Clips:Bucket", "team-*-clips", "an S3 bucket name")]
    [InlineData("Operator:Clips:BackoffLimit", "-1", "a number of retries of at least 0")]
    [InlineData("Operator:Clips:FfmpegImage", " ", "a container image reference")]
    public void A_clip_setting_the_jobs_cannot_use_stops_startup_naming_it(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal($"setting {key} is \"{value}\", which is not {expected}", error.Message);
    }

    [Theory]
    [InlineData("Operator:VideoAssets:Aws:Bucket", "team-*-videos", "an S3 bucket name")]
    [InlineData("Operator:VideoAssets:Aws:PlaybackBaseUrl", "", "the absolute http(s) URL viewers reach the distribution serving the bucket at, such as https://vod.example.com (it is needed once the bucket is set)")]
    [InlineData("Operator:VideoAssets:Aws:PlaybackBaseUrl", "https://vod.example.com/?site=1", "the absolute http(s) URL viewers reach the distribution serving the bucket at, such as https://vod.example.com (it is needed once the bucket is set)")]
    [InlineData("Operator:VideoAssets:Aws:KeyPrefix", "/videos/", "a key prefix ending in / and not starting with one, such as videos/ (or empty)")]
    [InlineData("Operator:VideoAssets:Aws:SignedKeyPrefix", "", "a key prefix ending in / and not starting with one, such as signed-videos/, that neither holds nor is held by KeyPrefix (videos/)")]
    [InlineData("Operator:VideoAssets:Aws:SignedKeyPrefix", "videos/signed/", "a key prefix ending in / and not starting with one, such as signed-videos/, that neither holds nor is held by KeyPrefix (videos/)")]
    [InlineData("Operator:VideoAssets:Aws:MaxSourceBytes", "0", "a positive number of bytes")]
    public void A_video_setting_provider_aws_cannot_use_stops_startup_naming_it(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Operator:VideoAssets:Aws:Bucket"] = "team-videos",
            ["Operator:VideoAssets:Aws:PlaybackBaseUrl"] = "https://vod.example.com",
            [key] = value,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal($"setting {key} is \"{value}\", which is not {expected}", error.Message);
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

    [Theory]
    [InlineData("Mux:PlaybackUrlTemplate", "https://stream.example.com/video.m3u8")]
    [InlineData("Mux:ThumbnailUrlTemplate", "image/{playback_id}/thumbnail.png")]
    public void A_mux_url_template_without_the_playback_id_or_not_absolute_stops_startup_naming_it(string key, string template)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = template }).Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal($"setting {key} is \"{template}\", which is not an http(s) URL with {{playback_id}} where the playback id goes", error.Message);
    }

    [Fact]
    public void A_mux_video_quality_mux_does_not_offer_stops_startup_naming_the_choices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mux:VideoQuality"] = "ultra" }).Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal("setting Mux:VideoQuality is \"ultra\", which is not one of basic, plus, premium", error.Message);
    }

    [Fact]
    public void Half_a_mux_access_token_stops_startup_without_echoing_the_secret()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MUX_TOKEN_SECRET"] = "s3cr3t-value" }).Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal("MUX_TOKEN_SECRET is set but MUX_TOKEN_ID is not: a Mux access token is both its id and its secret", error.Message);
    }

    [Fact]
    public void A_configured_signing_key_without_its_private_key_stops_startup()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["VIDEO_SIGNING_KEY"] = "key-id" }).Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal("VIDEO_SIGNING_KEY is set but VIDEO_PRIVATE_KEY is not: a signing key is both its id and its private key", error.Message);
    }

    [Fact]
    public void A_configured_private_key_that_is_no_rsa_key_stops_startup_without_echoing_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["VIDEO_SIGNING_KEY"] = "key-id", ["VIDEO_PRIVATE_KEY"] = "bm90IGEga2V5" })
            .Build();

        var error = Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(configuration));

        Assert.Equal("VIDEO_PRIVATE_KEY is not an RSA private key in PEM, or base64 of one, as Mux gives it", error.Message);
    }

    [Fact]
    public void Viewer_counting_without_the_webhooks_namespace_or_with_a_sub_second_interval_stops_startup_naming_the_setting()
    {
        var noNamespace = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:Viewers:WebhookService"] = "airwave-webhook" })
            .Build();
        var tooOften = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Operator:Viewers:WebhookService"] = "airwave-webhook", ["Operator:Viewers:WebhookNamespace"] = "airwave", ["Operator:Viewers:CountInterval"] = "00:00:00.2" })
            .Build();

        Assert.Equal(
            "Operator:Viewers:WebhookService is set but Operator:Viewers:WebhookNamespace is not: the Service is looked up in that namespace",
            Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(noNamespace)).Message);
        Assert.Equal(
            "setting Operator:Viewers:CountInterval is \"00:00:00.2\", which is not a duration of at least one second, such as 00:00:10",
            Assert.Throws<SettingException>(() => new ServiceCollection().AddAirwaveOperator(tooOften)).Message);
    }
}
