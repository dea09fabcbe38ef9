using Airwave.Signaling.SfuRouting;

namespace Airwave.Signaling.Sites;

/// <summary>
/// Where a site's broadcasts go once peer-to-peer is not enough: when a broadcast has <see cref="Viewers"/> accepted
/// viewers, it takes one of <see cref="Streams"/> (WebRtc LiveStreams, as namespace/name) that no other live broadcast
/// holds, and from then on its media goes through that stream's SFU pods. A broadcast that finds none free stays
/// peer-to-peer.
/// </summary>
public sealed record SiteSfu(IReadOnlyList<string>? Streams, int? Viewers)
{
    /// <summary>The "a second viewer": one viewer is served peer-to-peer, two through the SFU.</summary>
    public const int DefaultViewers = 2;

    public const int MaxStreams = 100;

    private static readonly string[] ListedTwice = ["A stream is listed twice."];
    private static readonly string[] ViewersRange = ["From 2 to 10000: the accepted viewers at which a broadcast moves to an SFU."];

    public int Threshold => Viewers ?? DefaultViewers;

    /// <summary>What is wrong, by field name (under sfu.); empty when usable.</summary>
    public IEnumerable<KeyValuePair<string, string[]>> Validate()
    {
        if (Streams is not { Count: > 0 and <= MaxStreams })
        {
            yield return KeyValuePair.Create("sfu.streams", new[] { $"Required: 1 to {MaxStreams} WebRtc LiveStreams, each as namespace/name, that the site's broadcasts may take." });
        }
        else
        {
            var bad = Streams.Where(s => s is null || s.Split('/') is not [var ns, var name] || !SfuProxy.IsStream(ns, name)).ToList();
            if (bad.Count > 0)
            {
                yield return KeyValuePair.Create("sfu.streams", bad.Select(s => $"\"{s}\" is not namespace/name of a LiveStream (lower-case DNS names).").ToArray());
            }
            else if (Streams.Distinct(StringComparer.Ordinal).Count() != Streams.Count)
            {
                yield return KeyValuePair.Create("sfu.streams", ListedTwice);
            }
        }

        if (Viewers is < 2 or > 10_000)
        {
            yield return KeyValuePair.Create("sfu.viewers", ViewersRange);
        }
    }
}
