using System.Text.Json.Nodes;

namespace Airwave.Connector.Browser;

/// <summary>One event the browser sent: its method, its parameters, and the page session it came from.</summary>
public sealed record DevToolsEvent(string Method, JsonObject Parameters, string? SessionId);
