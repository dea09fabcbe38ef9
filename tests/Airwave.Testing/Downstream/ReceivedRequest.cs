using System.Text.Json.Nodes;

namespace Airwave.Testing.Downstream;

/// <summary>A request the receiver accepted, after checking its signature and token itself.</summary>
public sealed record ReceivedRequest(string MessageId, string ContentType, IReadOnlyList<JsonObject> Events);
