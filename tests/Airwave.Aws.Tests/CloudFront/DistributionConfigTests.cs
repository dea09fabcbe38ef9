using System.Xml.Linq;
using Airwave.Aws.CloudFront;

namespace Airwave.Aws.Tests.CloudFront;

public sealed class DistributionConfigTests
{
    private const string Config = """
        <DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
          <CallerReference>ref</CallerReference>
          <Origins><Quantity>1</Quantity><Items><Origin><Id>default</Id><DomainName>example.com</DomainName><OriginPath></OriginPath><CustomOriginConfig><HTTPPort>80</HTTPPort></CustomOriginConfig></Origin></Items></Origins>
          <DefaultCacheBehavior><TargetOriginId>default</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy></DefaultCacheBehavior>
          <Comment>kept</Comment>
          <Logging><Enabled>false</Enabled><IncludeCookies>false</IncludeCookies><Bucket></Bucket><Prefix></Prefix></Logging>
          <Enabled>true</Enabled>
          <WebACLId>arn:aws:wafv2::acl/keep-me</WebACLId>
        </DistributionConfig>
        """;

    private static readonly CloudFrontOrigin Origin = new("airwave-default-workshop-a", "abc.mediapackage.us-east-1.amazonaws.com", "/out/v1/def");
    private static readonly CloudFrontCacheBehavior Behavior = new("/out/v1/def/*", "airwave-default-workshop-a");

    [Fact]
    public void Adding_an_origin_adds_its_behavior_and_keeps_everything_else()
    {
        var config = DistributionConfig.Parse(Config).WithOrigin(Origin, Behavior);

        var xml = config.ToElement();
        Assert.Equal(["default", "airwave-default-workshop-a"], config.Origins.Select(o => o.Id));
        Assert.Equal(Origin, config.Origins[1]);
        Assert.Equal(Behavior, Assert.Single(config.CacheBehaviors));
        Assert.Equal("2", xml.Element(CloudFrontXml.Name("Origins"))!.Element(CloudFrontXml.Name("Quantity"))!.Value);
        Assert.Equal("1", xml.Element(CloudFrontXml.Name("CacheBehaviors"))!.Element(CloudFrontXml.Name("Quantity"))!.Value);
        Assert.Equal("arn:aws:wafv2::acl/keep-me", xml.Element(CloudFrontXml.Name("WebACLId"))!.Value);
        Assert.Equal("kept", config.Comment);
        Assert.Equal("DefaultCacheBehavior", xml.Element(CloudFrontXml.Name("CacheBehaviors"))!.ElementsBeforeSelf().Last().Name.LocalName);
    }

    [Fact]
    public void Adding_twice_replaces_instead_of_duplicating()
    {
        var once = DistributionConfig.Parse(Config).WithOrigin(Origin, Behavior);
        var twice = once.WithOrigin(Origin, Behavior);

        Assert.Equal(once.ToXml(), twice.ToXml());
    }

    /// <summary>
    /// A live distribution as CloudFront returns it with two streams on it, the first added before a behavior someone
    /// else added: elements the operator never writes (OriginShield, OriginAccessControlId, GrpcConfig,
    /// ContinuousDeploymentPolicyId) and an origin timeout someone tuned.
    /// </summary>
    private const string Shared = """
        <DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
          <CallerReference>ref</CallerReference>
          <Origins><Quantity>3</Quantity><Items>
            <Origin><Id>default</Id><DomainName>example.com</DomainName><OriginPath></OriginPath><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig><OriginShield><Enabled>false</Enabled></OriginShield><OriginAccessControlId></OriginAccessControlId></Origin>
            <Origin><Id>airwave-default-workshop-a</Id><DomainName>abc.mediapackage.us-east-1.amazonaws.com</DomainName><OriginPath>/out/v1/def</OriginPath><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy><OriginReadTimeout>60</OriginReadTimeout></CustomOriginConfig><OriginShield><Enabled>true</Enabled><OriginShieldRegion>us-east-1</OriginShieldRegion></OriginShield><OriginAccessControlId></OriginAccessControlId></Origin>
            <Origin><Id>airwave-default-workshop-b</Id><DomainName>ghi.mediapackage.us-east-1.amazonaws.com</DomainName><OriginPath></OriginPath><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig><OriginShield><Enabled>false</Enabled></OriginShield><OriginAccessControlId></OriginAccessControlId></Origin>
          </Items></Origins>
          <DefaultCacheBehavior><TargetOriginId>default</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy><CachePolicyId>p</CachePolicyId><GrpcConfig><Enabled>false</Enabled></GrpcConfig></DefaultCacheBehavior>
          <CacheBehaviors><Quantity>3</Quantity><Items>
            <CacheBehavior><PathPattern>/out/v1/def/*</PathPattern><TargetOriginId>airwave-default-workshop-a</TargetOriginId><ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy><CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId><GrpcConfig><Enabled>false</Enabled></GrpcConfig></CacheBehavior>
            <CacheBehavior><PathPattern>/images/*</PathPattern><TargetOriginId>default</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy><CachePolicyId>q</CachePolicyId></CacheBehavior>
            <CacheBehavior><PathPattern>/out/v1/ghi/*</PathPattern><TargetOriginId>airwave-default-workshop-b</TargetOriginId><ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy><CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId></CacheBehavior>
          </Items></CacheBehaviors>
          <Comment>shared</Comment>
          <Enabled>true</Enabled>
          <ContinuousDeploymentPolicyId></ContinuousDeploymentPolicyId>
          <Staging>false</Staging>
        </DistributionConfig>
        """;

    [Fact]
    public void A_stream_already_on_the_distribution_changes_nothing_whatever_else_cloudfront_returns()
    {
        var read = DistributionConfig.Parse(Shared);

        var again = read.WithOrigin(Origin, Behavior);

        Assert.Equal(read.ToXml(), again.ToXml());
    }

    [Fact]
    public void A_moved_endpoint_changes_only_the_fields_the_stream_owns_and_keeps_every_place()
    {
        var read = DistributionConfig.Parse(Shared);

        var moved = read.WithOrigin(Origin with { DomainName = "xyz.mediapackage.us-east-1.amazonaws.com", OriginPath = "/out/v1/xyz" }, Behavior with { PathPattern = "/out/v1/xyz/*" });

        var origin = moved.ToElement().Descendants(CloudFrontXml.Name("Origin")).Single(o => o.Element(CloudFrontXml.Name("Id"))!.Value == Origin.Id);
        Assert.Equal(["default", Origin.Id, "airwave-default-workshop-b"], moved.Origins.Select(o => o.Id));
        Assert.Equal(["/out/v1/xyz/*", "/images/*", "/out/v1/ghi/*"], moved.CacheBehaviors.Select(b => b.PathPattern));
        Assert.Equal("xyz.mediapackage.us-east-1.amazonaws.com", moved.Origins[1].DomainName);
        Assert.Equal("/out/v1/xyz", moved.Origins[1].OriginPath);
        Assert.Equal("60", origin.Descendants(CloudFrontXml.Name("OriginReadTimeout")).Single().Value);
        Assert.Equal("us-east-1", origin.Descendants(CloudFrontXml.Name("OriginShieldRegion")).Single().Value);
        Assert.Equal(2, moved.ToElement().Descendants(CloudFrontXml.Name("GrpcConfig")).Count());
        Assert.Equal(
            read.ToXml().Replace("abc.mediapackage", "xyz.mediapackage", StringComparison.Ordinal).Replace("/out/v1/def", "/out/v1/xyz", StringComparison.Ordinal),
            moved.ToXml());
    }

    [Fact]
    public void A_new_stream_is_appended_after_every_existing_behavior()
    {
        var read = DistributionConfig.Parse(Shared);
        var third = new CloudFrontOrigin("airwave-default-workshop-c", "jkl.mediapackage.us-east-1.amazonaws.com");

        var added = read.WithOrigin(third, new CloudFrontCacheBehavior("/out/v1/jkl/*", third.Id));

        Assert.Equal(["default", Origin.Id, "airwave-default-workshop-b", third.Id], added.Origins.Select(o => o.Id));
        Assert.Equal(["/out/v1/def/*", "/images/*", "/out/v1/ghi/*", "/out/v1/jkl/*"], added.CacheBehaviors.Select(b => b.PathPattern));
    }

    [Fact]
    public void Removing_a_stream_keeps_the_order_of_the_others()
    {
        var removed = DistributionConfig.Parse(Shared).WithoutOrigin(Origin.Id);

        Assert.Equal(["default", "airwave-default-workshop-b"], removed.Origins.Select(o => o.Id));
        Assert.Equal(["/images/*", "/out/v1/ghi/*"], removed.CacheBehaviors.Select(b => b.PathPattern));
    }

    [Fact]
    public void Removing_an_origin_removes_its_behaviors_and_leaves_an_empty_list()
    {
        var config = DistributionConfig.Parse(Config).WithOrigin(Origin, Behavior).WithoutOrigin(Origin.Id);

        var behaviors = config.ToElement().Element(CloudFrontXml.Name("CacheBehaviors"))!;
        Assert.Equal(["default"], config.Origins.Select(o => o.Id));
        Assert.Empty(config.CacheBehaviors);
        Assert.Equal("0", behaviors.Element(CloudFrontXml.Name("Quantity"))!.Value);
        Assert.Null(behaviors.Element(CloudFrontXml.Name("Items")));
    }

    [Fact]
    public void Changes_return_copies_and_leave_the_original_untouched()
    {
        var original = DistributionConfig.Parse(Config);

        _ = original.WithOrigin(Origin, Behavior);

        Assert.Single(original.Origins);
        Assert.Empty(original.CacheBehaviors);
    }

    [Fact]
    public void Only_a_distribution_config_element_is_accepted()
    {
        Assert.Throws<FormatException>(() => DistributionConfig.FromElement(new XElement("Distribution")));
    }
}
