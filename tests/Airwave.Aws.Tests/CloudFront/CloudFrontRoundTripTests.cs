using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Aws.Errors;
using Airwave.Aws.Tests.Support;
using Airwave.Aws.Tests.Wire;

namespace Airwave.Aws.Tests.CloudFront;

public sealed class CloudFrontRoundTripTests : IAsyncLifetime
{
    private static readonly BotocoreModel Model = BotocoreModel.LoadNewest("cloudfront", "2020-05-31");

    /// <summary>Only what CloudFront requires, and a cache policy.</summary>
    private const string Minimal = """
        <DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
          <CallerReference>minimal</CallerReference>
          <Origins><Quantity>1</Quantity><Items><Origin><Id>o</Id><DomainName>example.com</DomainName><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig></Origin></Items></Origins>
          <DefaultCacheBehavior><TargetOriginId>o</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy><CachePolicyId>p</CachePolicyId></DefaultCacheBehavior>
          <Comment></Comment>
          <Enabled>true</Enabled>
        </DistributionConfig>
        """;

    private static readonly CloudFrontOrigin Origin = new("airwave-default-workshop-a", "abc.mediapackage.us-east-1.amazonaws.com", "/out/v1/def");
    private static readonly CloudFrontCacheBehavior Behavior = new("/out/v1/def/*", Origin.Id);
    private EmulatorHarness _aws = null!;

    private ICloudFrontClient Client => _aws.CloudFront;

    private string LiveId => _aws.Emulator.Options.LiveDistributionId;

    public async Task InitializeAsync() => _aws = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task Update_with_the_current_etag_saves_the_config_and_issues_a_new_etag()
    {
        var current = await Client.GetDistributionConfigAsync(LiveId, CancellationToken.None);

        var updated = await Client.UpdateDistributionConfigAsync(LiveId, current.Config.WithOrigin(Origin, Behavior), current.ETag, CancellationToken.None);
        var reread = await Client.GetDistributionConfigAsync(LiveId, CancellationToken.None);

        Assert.NotEqual(current.ETag, updated.ETag);
        Assert.Equal(updated.ETag, reread.ETag);
        Assert.Equal(LiveId, updated.Id);
        Assert.Equal("InProgress", updated.Status);
        Assert.EndsWith(".cloudfront.net", updated.DomainName, StringComparison.Ordinal);
        Assert.Contains(Origin, reread.Config.Origins);
        Assert.Contains(Behavior, reread.Config.CacheBehaviors);

        // What CloudFront fills in since 2025 (GrpcConfig on every cache behavior) went back in the update, as a client
        // that read it echoes it, and was taken.
        Assert.NotNull(current.Config.ToElement().Element(CloudFrontXml.Name("DefaultCacheBehavior"))!.Element(CloudFrontXml.Name("GrpcConfig")));
        Assert.Equal(2, reread.Config.ToElement().Descendants(CloudFrontXml.Name("GrpcConfig")).Count());
    }

    [Fact]
    public async Task Update_with_a_stale_etag_fails_with_precondition_failed()
    {
        var first = await Client.GetDistributionConfigAsync(LiveId, CancellationToken.None);
        await Client.UpdateDistributionConfigAsync(LiveId, first.Config.WithOrigin(Origin, Behavior), first.ETag, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsPreconditionFailedException>(() =>
            Client.UpdateDistributionConfigAsync(LiveId, first.Config, first.ETag, CancellationToken.None));

        Assert.Equal("PreconditionFailed", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Contains(Origin, (await Client.GetDistributionConfigAsync(LiveId, CancellationToken.None)).Config.Origins);
    }

    [Fact]
    public async Task Add_and_remove_helpers_change_the_distribution_only_when_needed()
    {
        var added = (await Client.PlaceOriginAsync(LiveId, Origin, Behavior, CancellationToken.None)).Written;
        var addedAgain = (await Client.PlaceOriginAsync(LiveId, Origin, Behavior, CancellationToken.None)).Written;
        var withStream = (await Client.GetDistributionConfigAsync(LiveId, CancellationToken.None)).Config;
        var removed = await Client.RemoveOriginAsync(LiveId, Origin.Id, CancellationToken.None);
        var removedAgain = await Client.RemoveOriginAsync(LiveId, Origin.Id, CancellationToken.None);
        var withoutStream = (await Client.GetDistributionConfigAsync(LiveId, CancellationToken.None)).Config;

        Assert.Equal((true, false, true, false), (added, addedAgain, removed, removedAgain));
        Assert.Equal(["default", Origin.Id], withStream.Origins.Select(o => o.Id));
        Assert.Equal(["default"], withoutStream.Origins.Select(o => o.Id));
        Assert.Empty(withoutStream.CacheBehaviors);
        Assert.Equal(2, _aws.Emulator.Inventory.Calls.Counts["CloudFront.UpdateDistribution"]);
    }

    [Fact]
    public async Task Behavior_pointing_at_a_missing_origin_is_rejected()
    {
        var current = await Client.GetDistributionConfigAsync(LiveId, CancellationToken.None);
        var dangling = current.Config.WithOrigin(Origin, Behavior).WithOrigin(Origin with { Id = "other" }, Behavior with { PathPattern = "/x/*", TargetOriginId = "missing" });

        var error = await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.UpdateDistributionConfigAsync(LiveId, dangling, current.ETag, CancellationToken.None));

        Assert.Equal("NoSuchOrigin", error.ErrorCode);
    }

    [Fact]
    public async Task Distribution_can_be_created_and_read_back()
    {
        var live = await Client.GetDistributionConfigAsync(LiveId, CancellationToken.None);
        var config = DistributionConfig.Parse(live.Config.ToXml().Replace("airwave-sandbox-live", "second", StringComparison.Ordinal));

        var created = await Client.CreateDistributionAsync(config, CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<AwsConflictException>(() => Client.CreateDistributionAsync(config, CancellationToken.None));
        var read = await Client.GetDistributionAsync(created.Id, CancellationToken.None);

        Assert.Matches("^E[A-Z0-9]{13}$", created.Id);
        Assert.Equal("second", read.Config.CallerReference);
        Assert.Equal("Deployed", read.Status);
        Assert.Equal("DistributionAlreadyExists", duplicate.ErrorCode);
        await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.GetDistributionAsync("ENOSUCHDISTRIB", CancellationToken.None));
    }

    [Fact]
    public async Task A_config_reads_back_with_what_cloudfront_fills_in_in_the_models_order()
    {
        var created = await Client.CreateDistributionAsync(DistributionConfig.Parse(Minimal), CancellationToken.None);

        var read = (await Client.GetDistributionConfigAsync(created.Id, CancellationToken.None)).Config.ToElement();

        static string[] Names(XElement element) => [.. element.Elements().Select(e => e.Name.LocalName)];
        string[] Members(string shape, params string[] absent) => [.. Model.OrderedMembers(shape).Select(m => m.WireName).Except(absent)];
        var origin = read.Descendants(CloudFrontXml.Name("Origin")).Single();
        // What CloudFront leaves out when the writer did: the features a minimal distribution does not use.
        Assert.Equal(Members("DistributionConfig", "AnycastIpListId", "TenantConfig", "ConnectionMode", "ViewerMtlsConfig", "ConnectionFunctionAssociation", "CacheTagConfig"), Names(read));
        Assert.Equal(Members("Origin", "S3OriginConfig", "VpcOriginConfig", "ResponseCompletionTimeout"), Names(origin));
        Assert.Equal(Members("CustomOriginConfig", "IpAddressType", "OriginMtlsConfig"), Names(origin.Element(CloudFrontXml.Name("CustomOriginConfig"))!));
        var behavior = read.Element(CloudFrontXml.Name("DefaultCacheBehavior"))!;
        Assert.Equal(
            Members("DefaultCacheBehavior", "RealtimeLogConfigArn", "OriginRequestPolicyId", "ResponseHeadersPolicyId", "ForwardedValues", "MinTTL", "DefaultTTL", "MaxTTL"),
            Names(behavior));
        Assert.Equal("false", behavior.Element(CloudFrontXml.Name("GrpcConfig"))!.Element(CloudFrontXml.Name("Enabled"))!.Value);
        Assert.Equal("false", origin.Element(CloudFrontXml.Name("OriginShield"))!.Element(CloudFrontXml.Name("Enabled"))!.Value);
        Assert.Equal("", read.Element(CloudFrontXml.Name("ContinuousDeploymentPolicyId"))!.Value);
    }

    [Fact]
    public async Task Elements_out_of_the_models_order_or_unknown_to_it_are_refused()
    {
        var outOfOrder = Minimal.Replace("<Comment></Comment>", "", StringComparison.Ordinal).Replace("<Enabled>true</Enabled>", "<Enabled>true</Enabled><Comment></Comment>", StringComparison.Ordinal);
        var unknown = Minimal.Replace("<Comment></Comment>", "<Comment></Comment><Colour>blue</Colour>", StringComparison.Ordinal);

        var misordered = await Assert.ThrowsAsync<AwsBadRequestException>(() => Client.CreateDistributionAsync(DistributionConfig.Parse(outOfOrder), CancellationToken.None));
        var stranger = await Assert.ThrowsAsync<AwsBadRequestException>(() => Client.CreateDistributionAsync(DistributionConfig.Parse(unknown), CancellationToken.None));

        Assert.Equal(("MalformedInput", "MalformedInput"), (misordered.ErrorCode, stranger.ErrorCode));
        Assert.Contains("Comment", misordered.Message, StringComparison.Ordinal);
        Assert.Contains("Colour", stranger.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cache_behavior_with_neither_a_cache_policy_nor_forwarded_values_is_refused()
    {
        var bare = Minimal.Replace("<CachePolicyId>p</CachePolicyId>", "", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<AwsBadRequestException>(() => Client.CreateDistributionAsync(DistributionConfig.Parse(bare), CancellationToken.None));

        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Contains("ForwardedValues", error.Message, StringComparison.Ordinal);
    }
}
