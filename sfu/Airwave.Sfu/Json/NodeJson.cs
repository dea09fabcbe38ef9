using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Airwave.Sfu.Json;

/// <summary>
/// The JSON this program sends and reads — the engine's APIs, a peer pod's relay, its own small answers — is handled as
/// JSON nodes; their serialization is generated at build time, so none of it needs reflection.
/// </summary>
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class NodeJson : JsonSerializerContext;
