using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Airwave.Aws.Tests.Wire;

/// <summary>
/// A service model from botocore's data: the one Debian's awscli package ships (<see cref="Load"/>), or the newer one
/// of the machine's Python botocore (<see cref="LoadNewest"/>): the ground truth for wire shapes.
/// </summary>
public sealed class BotocoreModel
{
    private const string DataDirectory = "/usr/lib/python3/dist-packages/awscli/botocore/data";
    private readonly JsonObject _shapes;

    private BotocoreModel(JsonObject shapes) => _shapes = shapes;

    public static BotocoreModel Load(string service, string version)
    {
        var path = Path.Combine(DataDirectory, service, version, "service-2.json");
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's awscli package.");
        return new BotocoreModel(JsonNode.Parse(File.ReadAllText(path))!["shapes"]!.AsObject());
    }

    /// <summary>The model of the botocore that `python3` imports (stored gzipped), newer than Debian's.</summary>
    public static BotocoreModel LoadNewest(string service, string version)
    {
        var path = Path.Combine(PythonDataDirectory(), service, version, "service-2.json.gz");
        using var file = File.OpenRead(path);
        using var json = new GZipStream(file, CompressionMode.Decompress);
        return new BotocoreModel(JsonNode.Parse(json)!["shapes"]!.AsObject());
    }

    /// <summary>Where the botocore that `python3` imports keeps its models.</summary>
    public static string PythonDataDirectory()
    {
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"]) { RedirectStandardOutput = true })!;
        var package = python.StandardOutput.ReadToEnd().Trim();
        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(30)) && python.ExitCode == 0, "python3 cannot import botocore: install it (pip install botocore).");
        return Path.Combine(package, "data");
    }

    public JsonObject Shape(string name) => _shapes[name]?.AsObject() ?? throw new KeyNotFoundException($"The model has no shape {name}.");

    /// <summary>The body members of a structure: wire name (locationName, else member name) to member shape name.</summary>
    public IReadOnlyDictionary<string, string> BodyMembers(string structure) =>
        Shape(structure)["members"]!.AsObject()
            .Where(member => member.Value!["location"] is null)
            .ToDictionary(
                member => member.Value!["locationName"]?.GetValue<string>() ?? member.Key,
                member => member.Value!["shape"]!.GetValue<string>(),
                StringComparer.Ordinal);

    /// <summary>The members of a structure in model order: wire name (locationName, else member name) and member shape name.</summary>
    public IReadOnlyList<(string WireName, string Shape)> OrderedMembers(string structure) =>
        Shape(structure)["members"]!.AsObject()
            .Select(member => (member.Value!["locationName"]?.GetValue<string>() ?? member.Key, member.Value!["shape"]!.GetValue<string>()))
            .ToList();
}
