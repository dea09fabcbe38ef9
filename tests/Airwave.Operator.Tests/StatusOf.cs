using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests;

/// <summary>What `kubectl get -o json` shows of a resource's status, read the same way by every test.</summary>
public static class StatusOf
{
    /// <summary>status.phase, or "" before there is one.</summary>
    public static string Phase(JsonNode? resource) => (string?)resource?["status"]?["phase"] ?? "";

    /// <summary>The condition of this type, or null.</summary>
    public static JsonNode? Condition(JsonNode? resource, string type) =>
        resource?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type);
}
