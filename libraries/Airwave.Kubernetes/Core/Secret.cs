using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Core;

/// <summary>core/v1 Secret. Values of <see cref="Data"/> travel base64-encoded; use the accessors to read and write text.</summary>
public sealed record Secret : KubernetesObject
{
    public const string OpaqueType = "Opaque";

    public string? Type { get; init; }

    public IReadOnlyDictionary<string, string>? Data { get; init; }

    public bool? Immutable { get; init; }

    public string? GetString(string key) =>
        Data is not null && Data.TryGetValue(key, out var encoded) ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : null;

    public static IReadOnlyDictionary<string, string> Encode(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.ToDictionary(kv => kv.Key, kv => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(kv.Value)), StringComparer.Ordinal);
    }

    // Secret values must never reach a log line through a record's generated ToString.
    public override string ToString() => $"Secret {Metadata.Namespace}/{Metadata.Name} ({Data?.Count ?? 0} keys)";
}
