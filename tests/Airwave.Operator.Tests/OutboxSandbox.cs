using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests;

/// <summary>
/// The sandbox with downstream events on and a sink that refuses every delivery (nothing listens on the discard
/// port), so every event the operator publishes stays in its outbox ConfigMaps, where a test reads them.
/// </summary>
public class OutboxSandbox : OperatorSandbox
{
    public const string OutboxNamespace = "default";

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
    [
        new("DOWNSTREAM_SERVICE_ENABLED", "true"),
        new("DOWNSTREAM_SERVICE_URL", "http://127.0.0.1:9/events"),
        new("Downstream:Namespace", OutboxNamespace),
    ];

    /// <summary>Every CloudEvent waiting in the outbox.</summary>
    public async Task<List<JsonNode>> OutboxEventsAsync()
    {
        var maps = JsonNode.Parse(await Kubectl.SucceedAsync("get", "configmaps", "-n", OutboxNamespace, "-o", "json"))!["items"]!.AsArray();
        return [.. maps
            .Where(m => ((string)m!["metadata"]!["name"]!).StartsWith("airwave-outbox-", StringComparison.Ordinal))
            .SelectMany(m => (m!["data"]?.AsObject() ?? []).Select(kv => JsonNode.Parse((string)kv.Value!) is JsonObject entry ? entry["event"] : null).OfType<JsonNode>())];
    }
}
