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

    /// <summary>Whether the emulator's pipelines for this start of the channel listen for pushes.</summary>
    public bool PipelinesListen { get; set; }

    public InputSpecification? InputSpecification { get; set; }

    public string? RoleArn { get; set; }

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public ChannelAlerts Alerts { get; } = new();

    public TimedState<ChannelState> State { get; } = new(ChannelState.Creating);

    private static readonly InputSpecification DefaultInputSpecification = new("AVC", "MAX_20_MBPS", "HD");

    private int Pipelines => ChannelClass == ChannelClass.Standard ? 2 : 1;

    private int PipelinesRunning => State.Current == ChannelState.Running ? Pipelines : 0;

    // MediaLive fills these in on every answer: where each pipeline sends from (here this machine) and, while it
    // runs, which input attachment it encodes.
    private List<ChannelEgressEndpoint> EgressEndpoints => [.. Enumerable.Repeat(new ChannelEgressEndpoint("127.0.0.1"), Pipelines)];

    private List<PipelineDetail> PipelineDetails =>
        [.. Enumerable.Range(0, Pipelines).Select(p => new PipelineDetail(p.ToString(System.Globalization.CultureInfo.InvariantCulture), State.Current == ChannelState.Running && InputAttachments.Count > 0 ? InputAttachments[0].InputAttachmentName : null))];

    public Channel ToResponse() => new(
        Id, Arn, Name, State.Current, ChannelClass, Destinations, EncoderSettings, InputAttachments,
        InputSpecification ?? DefaultInputSpecification, PipelinesRunning, RoleArn, new Dictionary<string, string>(Tags), EgressEndpoints, PipelineDetails);

    public ChannelSummary ToSummary() => new(
        Id, Arn, Name, State.Current, ChannelClass, Destinations, InputAttachments,
        InputSpecification ?? DefaultInputSpecification, PipelinesRunning, RoleArn, new Dictionary<string, string>(Tags), EgressEndpoints);
}
