namespace Airwave.Operator.Resources;

/// <summary>
/// How a described resource differs from what the spec asks for: the fields that differ (<see cref="FieldDelta"/>),
/// and whether the spec changed since Airwave last applied it. Fields that differ while the spec did not were
/// changed outside Airwave: drift, which Airwave reverts and says so.
/// </summary>
public sealed record ResourceDelta(IReadOnlyList<string> Fields, bool SpecChanged)
{
    /// <summary>An update is due: a field differs.</summary>
    public bool NeedsUpdate => Fields.Count > 0;

    /// <summary>The resource was changed outside Airwave.</summary>
    public bool IsDrift => !SpecChanged && Fields.Count > 0;

    /// <summary>The fields, as an Event or a condition names them.</summary>
    public string Describe() => string.Join(", ", Fields);
}
