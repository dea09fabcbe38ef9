namespace Airwave.Sandbox.Aws.Faults;

internal enum AwsFaultKind
{
    /// <summary>Answer with the service's throttling error.</summary>
    Throttle,

    /// <summary>Answer with a 5xx server error.</summary>
    ServerError,
}
