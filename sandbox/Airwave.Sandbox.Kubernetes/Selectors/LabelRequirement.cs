namespace Airwave.Sandbox.Kubernetes.Selectors;

/// <summary>One comma-separated term of a label selector.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlySet<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
    {
        LabelOperator.Exists => labels.ContainsKey(Key),
        LabelOperator.DoesNotExist => !labels.ContainsKey(Key),
        LabelOperator.In => labels.TryGetValue(Key, out var value) && Values.Contains(value),
        LabelOperator.NotIn => !labels.TryGetValue(Key, out var other) || !Values.Contains(other),
        _ => false,
    };
}
