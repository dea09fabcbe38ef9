using System.Net;
using Airwave.Aws.MediaLive;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// Where a push input's refusals are told, as the service shows them: every refusal in the emulator's log; a publish
/// under a stream name that is not the destination's also as the pipeline's "RTMP Stream Not Found" channel alert
/// (MediaLive's; IVS has none), cleared by the next publish it takes. A connection from outside the security group
/// leaves no trace in AWS's API, only in the log. No stream name is ever written: the destination's is the stream key,
/// and the one a publisher tried may be an old or mistyped key.
/// </summary>
/// <param name="destination">Who refuses, for the log: the service, the channel and the port.</param>
/// <param name="alerts">A MediaLive pipeline's alerts; null for IVS.</param>
internal sealed class PushRefusals(TextWriter log, string destination, PipelineAlerts? alerts)
{
    public void OutsideAllowedCidrs(IPAddress address, string allowedCidrs) =>
        log.WriteLine($"{destination}: dropped a connection from {address}, which is outside the input security group's allowed CIDRs ({allowedCidrs}).");

    public void UnknownStreamName(IPAddress address)
    {
        log.WriteLine($"{destination}: refused a publish from {address}: its stream name is not the destination's (a wrong stream key).");
        alerts?.Set(ChannelAlertTypes.RtmpStreamNotFound, $"The RTMP publish from {address} was refused: its stream name is not the input destination's.");
    }

    public void Published() => alerts?.Clear(ChannelAlertTypes.RtmpStreamNotFound);
}
