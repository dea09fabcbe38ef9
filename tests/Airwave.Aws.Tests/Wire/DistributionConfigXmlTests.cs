using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Aws.Tests.Support;

namespace Airwave.Aws.Tests.Wire;

/// <summary>
/// CloudFront validates configurations against its schema, element order included. The XML our helpers
/// write (and the emulator's preconfigured distribution) must use the model's element names in model order.
/// </summary>
public sealed class DistributionConfigXmlTests
{
    private static readonly BotocoreModel Model = BotocoreModel.LoadNewest("cloudfront", "2020-05-31");

    [Fact]
    public async Task Live_distribution_with_a_stream_added_follows_the_cloudfront_schema()
    {
        await using var aws = await EmulatorHarness.StartAsync();
        var live = await aws.CloudFront.GetDistributionConfigAsync(aws.Emulator.Options.LiveDistributionId, CancellationToken.None);
        var config = live.Config.WithOrigin(new CloudFrontOrigin("airwave-default-workshop-a", "abc.mediapackage.us-east-1.amazonaws.com", "/out/v1/def"), new CloudFrontCacheBehavior("/out/v1/def/*", "airwave-default-workshop-a"));
        var problems = new List<string>();

        Check(config.ToElement(), "DistributionConfig", "DistributionConfig", problems);

        Assert.Empty(problems);
        Assert.Equal(CloudFrontXml.Namespace, config.ToElement().Name.Namespace);
    }

    private static void Check(XElement element, string shape, string path, List<string> problems)
    {
        var definition = Model.Shape(shape);
        switch (definition["type"]!.GetValue<string>())
        {
            case "structure":
                var members = Model.OrderedMembers(shape);
                var lastIndex = -1;
                foreach (var child in element.Elements())
                {
                    var index = members.ToList().FindIndex(m => m.WireName == child.Name.LocalName);
                    if (index < 0)
                    {
                        problems.Add($"{path}/{child.Name.LocalName} is not a member of {shape}");
                        continue;
                    }
                    if (index < lastIndex)
                    {
                        problems.Add($"{path}/{child.Name.LocalName} is out of the model's order");
                    }
                    lastIndex = index;
                    Check(child, members[index].Shape, $"{path}/{child.Name.LocalName}", problems);
                }
                var required = definition["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [];
                problems.AddRange(required.Where(r => element.Element(CloudFrontXml.Name(r)) is null).Select(r => $"{path} lacks required {r}"));
                break;
            case "list":
                var member = definition["member"]!;
                var itemName = member["locationName"]?.GetValue<string>() ?? "member";
                foreach (var item in element.Elements())
                {
                    if (item.Name.LocalName != itemName)
                    {
                        problems.Add($"{path}/{item.Name.LocalName} should be {itemName}");
                    }
                    Check(item, member["shape"]!.GetValue<string>(), $"{path}/{item.Name.LocalName}", problems);
                }
                break;
            case "boolean" when element.Value is not ("true" or "false"):
                problems.Add($"{path} is not a boolean: {element.Value}");
                break;
            case "integer" or "long" when !long.TryParse(element.Value, out _):
                problems.Add($"{path} is not an integer: {element.Value}");
                break;
            case "string" when definition["enum"] is { } values && !values.AsArray().Any(v => v!.GetValue<string>() == element.Value):
                problems.Add($"{path} is not a value of {shape}: {element.Value}");
                break;
        }
    }
}
