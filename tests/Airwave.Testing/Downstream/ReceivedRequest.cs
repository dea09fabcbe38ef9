using System.Text.Json.Nodes;

namespace Airwave.Testing.Downstream;

/// <summary>A request the receiver accepted, after checking its signature and token itself.</summary>
/// <param name="IsArray">Whether the body was a JSON array (a batch), rather than one object.</param>
public sealed record ReceivedRequest(string MessageId, string ContentType, IReadOnlyList<JsonObject> Events, bool IsArray);
