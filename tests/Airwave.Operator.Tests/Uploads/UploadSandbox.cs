namespace Airwave.Operator.Tests.Uploads;

/// <summary>
/// The sandbox for S3Upload streams: credentials of 900 seconds (STS's shortest) are replaced 14 minutes 40 seconds
/// before they expire, so a running stream's refresh comes 20 seconds after they were issued; downstream events stay
/// in the outbox for the tests to read; namespace phone-apps has a stream API key.
/// </summary>
public sealed class UploadSandbox : OutboxSandbox
{
    /// <summary>The namespace whose app backends call /stream/start with an API key.</summary>
    public const string KeyNamespace = "phone-apps";

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
    [
        .. base.MoreSettings,
        new("Operator:Upload:RefreshBefore", "00:14:40"),
        new("Operator:StreamApiKeyNamespaces:0", KeyNamespace),
    ];
}
