using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.Common;

namespace Airwave.Api.LiveStreams;

public sealed record ChimeSource
{
    [Description("The Chime meeting to broadcast; \"&broadcast=true\" is appended when missing.")]
    [MaxLength(2048)]
    [RegularExpression(Patterns.HttpsUrl)]
    public required string MeetingUrl { get; init; }

    [Description("Where the connector pushes the meeting: the stream's MediaLive input or an IVS channel.")]
    [DefaultValue(ChimeTarget.MediaLive)]
    public ChimeTarget Target { get; init; } = ChimeTarget.MediaLive;
}
