using System.Text.Json.Nodes;

namespace Airwave.Aws.Tests.Wire;

/// <summary>A service model from the botocore data Debian's awscli package ships: the ground truth for wire shapes.</summary>
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
