using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.MediaLive;

internal sealed class ChannelEntry(string id, string arn, ChannelClass channelClass)
{
    public string Id { get; } = id;

    public string Arn { get; } = arn;

    public ChannelClass ChannelClass { get; } = channelClass;

    public string? Name { get; set; }

    public IReadOnlyList<OutputDestination> Destinations { get; set; } = [];

    public EncoderSettings? EncoderSettings { get; set; }

    public IReadOnlyList<InputAttachment> InputAttachments { get; set; } = [];

    public InputSpecification? InputSpecification { get; set; }

    public string? RoleArn { get; set; }

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public TimedState<ChannelState> State { get; } = new(ChannelState.Creating);

    public Channel ToResponse(bool withEncoderSettings = true) => new(
        Id,
        Arn,
        Name,
        State.Current,
        ChannelClass,
        Destinations,
        withEncoderSettings ? EncoderSettings : null,
        InputAttachments,
        InputSpecification ?? new InputSpecification("AVC", "MAX_20_MBPS", "HD"),
        State.Current == ChannelState.Running ? (ChannelClass == ChannelClass.Standard ? 2 : 1) : 0,
        RoleArn,
        new Dictionary<string, string>(Tags));
}
