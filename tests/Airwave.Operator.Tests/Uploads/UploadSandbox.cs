namespace Airwave.Operator.Tests.Uploads;

/// <summary>
/// The sandbox for S3Upload streams: credentials of 900 seconds (STS's shortest) are replaced 14 minutes 40 seconds
/// before they expire, so a running stream's refresh comes 20 seconds after they were issued; downstream events stay
/// in the outbox for the tests to read.
/// </summary>
public sealed class UploadSandbox : OutboxSandbox
{
    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
    [
        .. base.MoreSettings,
        new("Operator:Upload:RefreshBefore", "00:14:40"),
    ];
}
