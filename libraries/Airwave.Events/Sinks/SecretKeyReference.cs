namespace Airwave.Events.Sinks;

/// <summary>
/// A key of a Secret in the operator's namespace. Settable, since a sink's is null unless configured: binding makes
/// one and keeps the default key when only the name is given.
/// </summary>
public sealed record SecretKeyReference
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "token";
}
