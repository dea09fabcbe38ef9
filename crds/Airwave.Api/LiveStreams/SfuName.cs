using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// The name of a WebRtc stream's SFU objects, its headless Service among them: the operator makes them under it, the
/// signaling service finds the stream's pods by it.
/// </summary>
public static class SfuName
{
    /// <summary>
    /// sfu- and the stream's name with dots as dashes, a DNS label as a Service name must be (a stream's name may have
    /// dots, or start with a digit); cut short with a hash when too long.
    /// </summary>
    public static string For(string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DnsNames.WithSuffix("sfu-" + stream.Replace('.', '-'), "", DnsNames.MaxLabelLength);
    }
}
