namespace Airwave.Api.Common;

/// <summary>Condition types shared by every kind.</summary>
public static class ConditionTypes
{
    /// <summary>True when the resource has reached what its spec asks for.</summary>
    public const string Ready = "Ready";
}
