using System.IO.Compression;
using System.Text.Json.Nodes;
using Airwave.Aws.Tests.Wire;

namespace Airwave.Aws.Tests.Models;

/// <summary>
/// The models the emulator checks requests against are botocore's, unchanged: the ones the machine's Python botocore
/// ships. When botocore moves on, this says so; copy its service-2.json.gz files over the emulator's.
/// </summary>
public sealed class VendoredModelsTests
{
    [Theory]
    [InlineData("medialive", "2017-10-14")]
    [InlineData("mediapackage", "2017-10-12")]
    [InlineData("cloudfront", "2020-05-31")]
    [InlineData("ivs", "2020-07-14")]
    public void The_emulators_model_is_botocores(string service, string version)
    {
        var vendored = Read(Repository.Path("sandbox", "Airwave.Sandbox.Aws", "Models", $"{service}-{version}.json.gz"));
        var botocore = Read(Path.Combine(BotocoreModel.PythonDataDirectory(), service, version, "service-2.json.gz"));

        Assert.True(JsonNode.DeepEquals(botocore, vendored), $"sandbox/Airwave.Sandbox.Aws/Models/{service}-{version}.json.gz differs from the machine's botocore model: copy it over");
    }

    private static JsonNode Read(string path)
    {
        using var file = File.OpenRead(path);
        using var json = new GZipStream(file, CompressionMode.Decompress);
        return JsonNode.Parse(json)!;
    }
}
