namespace Airwave.Events;

/// <summary>The resource an event is about.</summary>
/// <param name="ApiVersion">e.g. <c>media.airwave.dev/v1alpha1</c>.</param>
/// <param name="Plural">e.g. <c>livestreams</c>.</param>
public sealed record ResourceReference(string ApiVersion, string Plural, string Namespace, string Name, string Uid)
{
    /// <summary>What the CloudEvent source says when the resource is not a Kubernetes object (an external stream's URL).</summary>
    public string? Source { get; init; }

    /// <summary>The resource's API path, used as the CloudEvent source.</summary>
    public string Path => Source ?? $"/apis/{ApiVersion}/namespaces/{Namespace}/{Plural}/{Name}";
}
