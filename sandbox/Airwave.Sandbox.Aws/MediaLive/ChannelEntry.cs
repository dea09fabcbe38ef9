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

    private static readonly InputSpecification DefaultInputSpecification = new("AVC", "MAX_20_MBPS", "HD");

    private int PipelinesRunning => State.Current == ChannelState.Running ? (ChannelClass == ChannelClass.Standard ? 2 : 1) : 0;

    public Channel ToResponse() => new(
        Id, Arn, Name, State.Current, ChannelClass, Destinations, EncoderSettings, InputAttachments,
        InputSpecification ?? DefaultInputSpecification, PipelinesRunning, RoleArn, new Dictionary<string, string>(Tags));

    public ChannelSummary ToSummary() => new(
        Id, Arn, Name, State.Current, ChannelClass, Destinations, InputAttachments,
        InputSpecification ?? DefaultInputSpecification, PipelinesRunning, RoleArn, new Dictionary<string, string>(Tags));
}
