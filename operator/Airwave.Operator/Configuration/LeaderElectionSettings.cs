namespace Airwave.Operator.Configuration;

/// <summary>Several replicas elect one leader through a Lease; only the leader reconciles.</summary>
public sealed record LeaderElectionSettings
{
    public bool Enabled { get; init; } = true;

    public string LeaseName { get; init; } = "airwave-operator";

    /// <summary>Defaults to the namespace the operator runs in.</summary>
    public string? Namespace { get; init; }
}
