namespace Airwave.Sandbox.Kubernetes;

/// <summary>A request as fault rules see it. Verb is the Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection.</summary>
public sealed record FaultRequest(string Verb, string? Group, string? Resource, string? Namespace, string? Name, string? Subresource, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The verb and what it acts on, as a tally names it: <c>patch livestreams/status</c>.</summary>
    public string VerbAndResource => Subresource is null ? $"{Verb} {Resource}" : $"{Verb} {Resource}/{Subresource}";

    /// <summary>Whether the request came from a client whose User-Agent begins with <paramref name="prefix"/>.</summary>
    public bool IsFrom(string prefix) => Headers.TryGetValue("User-Agent", out var agent) && agent.StartsWith(prefix, StringComparison.Ordinal);
}
