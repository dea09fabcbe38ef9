namespace Airwave.Sandbox.Aws.Faults;

public enum AwsFaultKind
{
    /// <summary>Answer with the service's throttling error.</summary>
    Throttle,

    /// <summary>Answer with a 5xx server error; the operation does not happen.</summary>
    ServerError,

    /// <summary>Perform the operation, then drop the connection before the response: it took effect, the caller cannot know.</summary>
    LoseResponse,

    /// <summary>Answer with the service's validation error, as AWS refuses a request it finds invalid; the operation does not happen.</summary>
    Reject,
}
