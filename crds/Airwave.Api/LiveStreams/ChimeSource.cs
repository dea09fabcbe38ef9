using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.Common;

namespace Airwave.Api.LiveStreams;

public sealed record ChimeSource
{
    [Description("The meeting to broadcast: an Amazon Chime meeting's URL, or the page of your own meeting app that shows the meeting (http or https), on a host the installation allows (its connector.allowedMeetingHosts; Amazon Chime's by default). \"broadcast=true\" is added to its query when missing.")]
    [StringLength(2048)]
    [RegularExpression(Patterns.WebUrl)]
    public required string MeetingUrl { get; init; }

    [Description("Where the connector pushes the meeting: the stream's MediaLive input (recorded, packaged, served live as spec.archive, spec.playback and spec.live say) or an Amazon IVS channel of its own (played from status.ivs.playbackUrl; recorded by IVS to spec.archive's bucket under ivs/v1/, where spec.archive.pathTemplate and segmentLengthSeconds do not apply; not packaged or added to the live distribution). Fixed once the stream has its channel.")]
    [DefaultValue(ChimeTarget.MediaLive)]
    public ChimeTarget Target { get; init; } = ChimeTarget.MediaLive;

    [Description("The IVS channel's settings, for target Ivs.")]
    public IvsChannelSpec? Ivs { get; init; }
}
