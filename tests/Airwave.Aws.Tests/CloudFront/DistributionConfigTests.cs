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
