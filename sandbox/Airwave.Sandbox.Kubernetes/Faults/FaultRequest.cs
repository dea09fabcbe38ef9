namespace Airwave.Sandbox.Kubernetes;

/// <summary>A request as fault rules see it. Verb is the Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection.</summary>
public sealed record FaultRequest(string Verb, string? Group, string? Resource, string? Namespace, string? Name, string? Subresource, IReadOnlyDictionary<string, string> Headers);
