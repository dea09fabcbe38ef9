namespace Airwave.Aws.Http;

/// <summary>
/// Where a service reaches AWS (the configuration's Aws section, shared by the operator and the webhook service).
/// Credentials come from the SDK's default chain (IRSA, environment, profile, IMDS).
/// </summary>
public sealed record AwsSettings
{
    public string Region { get; init; } = "us-east-1";

    /// <summary>One endpoint for every media service instead of AWS's own, e.g. the sandbox's AWS emulator.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>The clients' options: AWS's own endpoints in the region, or every service at the one endpoint.</summary>
    public AwsClientOptions ClientOptions() =>
        EndpointUrl is { } endpoint ? AwsClientOptions.ForEmulator(endpoint, Region) : new AwsClientOptions { Region = Region };
}
