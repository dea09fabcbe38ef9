namespace Airwave.Events.Sinks;

/// <summary>A key of a Secret in the operator's namespace.</summary>
public sealed record SecretKeyReference
{
    public string Name { get; init; } = "";

    public string Key { get; init; } = "token";
}
