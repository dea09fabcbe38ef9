namespace Airwave.Operator.Configuration;

/// <summary>Where the operator reaches AWS. Credentials come from the SDK's default chain (IRSA, environment, profile, IMDS).</summary>
public sealed record AwsSettings
{
    public string Region { get; init; } = "us-east-1";

    /// <summary>One endpoint for every media service instead of AWS's own, e.g. the sandbox's AWS emulator.</summary>
    public Uri? EndpointUrl { get; init; }
}
