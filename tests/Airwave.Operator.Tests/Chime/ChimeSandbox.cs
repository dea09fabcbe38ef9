namespace Airwave.Operator.Tests.Chime;

/// <summary>
/// The sandbox for Chime streams: channels record what their connector pods push (from the pods' loopback addresses),
/// connectors are looked at every second, and downstream events stay in the outbox for the tests to read.
/// </summary>
public sealed class ChimeSandbox : OutboxSandbox
{
    protected override bool RunMedia => true;

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
    [
        .. base.MoreSettings,
        new("Operator:Sfu:EgressCidrs:0", "127.0.0.0/8"),
        new("Operator:Connector:CheckInterval", "00:00:01"),
    ];
}
