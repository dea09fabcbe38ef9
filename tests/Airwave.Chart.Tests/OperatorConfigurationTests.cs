using System.Text;
using Airwave.Chart.Tests.Rendering;
using Airwave.Api.Validation;
using Airwave.Aws.Http;
using Airwave.Configuration;
using Airwave.Operator.Configuration;
using Microsoft.Extensions.Configuration;

namespace Airwave.Chart.Tests;

/// <summary>The rendered config.json read with the operator's own option types and binding (its duration and switch forms), as `run --config` reads it.</summary>
[Collection(SharedChartRenderer.Name)]
public sealed class OperatorConfigurationTests(ChartRenderer renderer)
{
    [Fact]
    public async Task Every_configuration_value_reaches_the_operator_under_the_key_it_binds()
    {
        var configuration = Read(await renderer.RenderEveryOptionAsync());

        var options = Settings.Bind<OperatorOptions>(configuration, "Operator");
        Assert.Equal("prod-eu", options.ClusterName);
        Assert.Equal("arn:aws:iam::123456789012:role/medialive-access", options.MediaLiveRoleArn);
        Assert.Equal("airwave-archive-prod", options.ArchiveBucket);
        Assert.Equal("E2QWRUHEXAMPLE", options.LiveDistributionId);
        Assert.Equal(new Uri("https://live.example.com"), options.LivePlaybackBaseUrl);
        Assert.Equal(8, options.MaxConcurrentReconciles);
        Assert.Equal(["10.20.0.0/16", "192.0.2.10/32"], options.DefaultAllowedCidrs);
        Assert.Equal(["airwave-archive-eu", "team-*-recordings"], options.AllowedArchiveBuckets);
        Assert.True(options.Buckets.MayArchiveTo("team-red-recordings"));
        Assert.Equal(3, options.MaxRunningChannelsPerNamespace);
        Assert.Equal(TimeSpan.FromMinutes(45), options.IdleStopAfter);
        Assert.Equal(new ChannelLimit(1, "budgets.team-a.maxRunningChannels"), options.ChannelLimitFor("team-a"));
        Assert.Null(options.ChannelLimitFor("open-house"));
        Assert.Equal(new ChannelLimit(3, "maxRunningChannelsPerNamespace"), options.ChannelLimitFor("team-b"));
        Assert.Equal(new SpendLimit(500m, false, "budgets.team-a.maxMonthlySpendUsd"), options.SpendLimitFor("team-a"));
        Assert.Null(options.SpendLimitFor("open-house"));
        Assert.Equal(new SpendLimit(250.5m, true, "maxMonthlySpendUsdPerNamespace"), options.SpendLimitFor("team-b"));
        Assert.Equal(120, options.IvsRecordingReconnectWindowSeconds);
        Assert.Equal(("arn:aws:iam::123456789012:role/mobile-upload", TimeSpan.FromMinutes(10), "E1ARCHIVEOAC9"), (options.Upload.RoleArn, options.Upload.RefreshBefore, options.Upload.OriginAccessControlId));
        Assert.Equal("https://speke.example.com/v2", options.Speke.Url);
        Assert.Equal("arn:aws:iam::123456789012:role/speke-access", options.Speke.RoleArn);
        Assert.True(options.Speke.FairPlay);
        Assert.Equal("alias/airwave-content-keys", options.ContentKeys.KmsKeyId);
        Assert.Equal("0a1f5e6c-2b7d-4c3e-9f80-a1b2c3d4e5f6", options.PlaybackKeyGroupId);
        Assert.Equal(
            new CdnAuthorizationOptions { SecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:airwave-cdn-identifier-AbC123", RoleArn = "arn:aws:iam::123456789012:role/mediapackage-cdn-secret" },
            options.CdnAuthorization);
        Assert.Equal(
            new SfuOptions
            {
                Image = "registry.example.com/airwave/sfu:1.4.2",
                ViewersPerPod = 250,
                ScaleUpAt = 0.9,
                ScaleDownAt = 0.4,
                DrainTimeout = TimeSpan.FromMinutes(30),
                ApiPort = 18088,
                EnginePort = 18188,
                ManagementPort = 19090,
                AdminPort = 17088,
                TurnPort = 13478,
                ForwardPort = 15000,
                MediaPorts = "50000-50199",
                RelayPorts = "51000-51199",
                CpuRequest = "2",
                MemoryRequest = "512Mi",
                MemoryLimit = "2Gi",
                SignalingUrl = new Uri("https://live.example.com"),
            },
            options.Sfu with { EgressCidrs = null });
        Assert.Equal(["203.0.113.7/32", "203.0.113.8/32"], options.Sfu.EgressCidrs);

        var aws = Settings.Bind<AwsSettings>(configuration, "Aws");
        Assert.Equal("eu-west-1", aws.Region);
        Assert.Equal(new Uri("http://aws-emulator.airwave-system.svc:4566"), aws.EndpointUrl);

        var mux = Settings.Bind<MuxSettings>(configuration, "Mux");
        Assert.Equal(new Uri("https://mux-proxy.example.com/api"), mux.ApiUrl);
        Assert.Equal("https://video-cdn.example.com/hls/{playback_id}.m3u8", mux.PlaybackUrlTemplate);
        Assert.Equal("https://video-cdn.example.com/images/{playback_id}/thumbnail.jpg", mux.ThumbnailUrlTemplate);
        Assert.Equal("plus", mux.VideoQuality);
        Assert.Equal(TimeSpan.FromMinutes(1), mux.UploadPollInterval);

        var election = Settings.Bind<LeaderElectionSettings>(configuration, "LeaderElection");
        Assert.Equal((true, "airwave-prod", "airwave-leases"), (election.Enabled, election.LeaseName, election.Namespace));
        Assert.Equal((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(3)), (election.LeaseDuration, election.RenewDeadline, election.RetryPeriod));

        Assert.Equal("Debug", configuration["Logging:LogLevel:Default"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:Airwave.Kubernetes.Informers"]);
        Assert.Equal("Information", configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
    }

    [Fact]
    public async Task Unset_values_are_left_out_so_the_operator_keeps_its_defaults_and_leases_stay_in_the_release_namespace()
    {
        var configuration = Read(await renderer.RenderMinimalAsync());

        var options = Settings.Bind<OperatorOptions>(configuration, "Operator");
        Assert.Equal("my-archive-bucket", options.ArchiveBucket);
        Assert.Equal(["0.0.0.0/0"], options.IngestCidrsFor(null));
        Assert.Null(options.LiveDistributionId);
        Assert.Null(options.AllowedArchiveBuckets);
        Assert.Null(options.MaxRunningChannelsPerNamespace);
        Assert.Null(options.IdleStopAfter);
        Assert.Null(options.SpendLimitFor("any-namespace"));
        Assert.Equal(new UploadOptions(), options.Upload);
        Assert.False(options.Buckets.MayArchiveTo("someone-elses-bucket"));
        Assert.Null(options.Speke.Url);
        Assert.Null(options.ContentKeys.KmsKeyId);
        Assert.Null(options.PlaybackKeyGroupId);
        Assert.False(options.CdnAuthorization.IsConfigured);
        Assert.Null(Settings.Bind<AwsSettings>(configuration, "Aws").EndpointUrl);
        var (election, operatorDefaults) = (Settings.Bind<LeaderElectionSettings>(configuration, "LeaderElection"), new LeaderElectionSettings());
        Assert.Equal((operatorDefaults.LeaseDuration, operatorDefaults.RenewDeadline, operatorDefaults.RetryPeriod), (election.LeaseDuration, election.RenewDeadline, election.RetryPeriod));
        Assert.Equal(new MuxSettings(), Settings.Bind<MuxSettings>(configuration, "Mux"));
        Assert.Equal(new OperatorOptions().PollInterval, options.PollInterval);
        Assert.Equal(new SfuOptions(), options.Sfu);
        Assert.Equal(AirwaveChart.ReleaseNamespace, election.Namespace);
        Assert.Equal("Information", configuration["Logging:LogLevel:Default"]);
    }

    [Fact]
    public async Task The_charts_price_table_is_the_operators_and_the_override_for_the_operators_region_applies()
    {
        var defaults = Settings.Bind<OperatorOptions>(Read(await renderer.RenderMinimalAsync()), "Operator").Prices;
        var overrides = renderer.WriteValues("""
            {"config": {"aws": {"region": "eu-west-1"}, "prices": {"asOf": "2027-01-04", "regions": {
              "eu-west-1": {"cloudFront": {"egressPerGb": 0.09}, "mediaLive": {"standard": {"output": {"hd": 0.41}}}},
              "ap-south-1": {"s3": {"storagePerGbMonth": 0.025}}}}}}
            """);
        var inEurope = Settings.Bind<OperatorOptions>(Read(await renderer.RenderAsync([overrides])), "Operator").Prices;

        Assert.Equal(new PriceTable(), defaults);
        var expected = new PriceTable
        {
            AsOf = "2027-01-04",
            CloudFront = new CloudFrontPrices { EgressPerGb = 0.09m },
            MediaLive = new MediaLivePrices { Standard = new PriceTable().MediaLive.Standard with { Output = new PriceTable().MediaLive.Standard.Output with { Hd = 0.41m } } },
        };
        Assert.Equal(expected, inEurope);
    }

    private static IConfigurationRoot Read(RenderedChart chart)
    {
        var json = (string?)chart.One("ConfigMap")["data"]!["config.json"];
        Assert.False(string.IsNullOrWhiteSpace(json), "the ConfigMap has no config.json");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }
}
