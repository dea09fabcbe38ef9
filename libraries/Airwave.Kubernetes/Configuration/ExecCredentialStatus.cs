namespace Airwave.Kubernetes.Configuration;

public sealed record ExecCredentialStatus
{
    public string? Token { get; init; }

    /// <summary>When the token stops working; absent means until the server rejects it.</summary>
    public DateTimeOffset? ExpirationTimestamp { get; init; }
}
