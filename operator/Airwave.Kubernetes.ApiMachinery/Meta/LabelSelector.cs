namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>A label selector of equality terms (matchLabels), the form a controller's selector over its own objects takes.</summary>
public sealed record LabelSelector
{
    public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }

    /// <summary>The selector as a list call's labelSelector query: key=value,key=value.</summary>
    public string ToQuery() => string.Join(',', (MatchLabels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}"));
}
