namespace Airwave.Webhook.StreamApi;

/// <summary>
/// /stream/start and /stream/stop for app backends (Webhook:StreamApi): the calls an app made of django-broadcast,
/// answered with an S3Upload LiveStream in the caller's namespace.
/// </summary>
public sealed record StreamApiSettings
{
    /// <summary>Off unless set: the calls make LiveStreams, in the namespaces whose callers may make them.</summary>
    public bool Enabled { get; init; }

    /// <summary>How long a start waits for the operator to begin the stream's session; past it the stream is taken back and the answer is 504.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop waits for the operator to end the session; past it the answer is 504 and the stream still stops.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the credentials a start hands out last, in seconds (900 to 43200): the stream's spec.source.s3Upload.credentialSeconds.</summary>
    public int CredentialSeconds { get; init; } = 3600;

    /// <summary>Calls one caller may make a minute; more are refused with 429.</summary>
    public int CallsPerCallerPerMinute { get; init; } = 60;

    /// <summary>The namespaces whose app backends may call with an API key instead of a token: the operator's Operator:StreamApiKeyNamespaces, set by the host.</summary>
    public IReadOnlyList<string> KeyNamespaces { get; init; } = [];

    /// <summary>The IAM role upload credentials are issued for: the operator's (Operator:Upload:RoleArn), set by the host.</summary>
    public string? UploadRoleArn { get; init; }
}
