using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.MediaLive;

internal sealed class InputEntry(string id, string arn, string name, InputType type, IReadOnlyList<InputDestination> destinations, IReadOnlyList<string> securityGroups, IReadOnlyList<InputSource> sources)
{
    public string Id { get; } = id;

    public string Arn { get; } = arn;

    public string Name { get; } = name;

    public InputType Type { get; } = type;

    /// <summary>Their addresses are fixed for the input's life; UpdateInput changes only the stream names.</summary>
    public IReadOnlyList<InputDestination> Destinations { get; set; } = destinations;

    /// <summary>A push input's one security group (a pull input's, if it has one), which UpdateInput may replace.</summary>
    public IReadOnlyList<string> SecurityGroups { get; set; } = securityGroups;

    /// <summary>A pull input's URLs, one per pipeline; a push input has none.</summary>
    public IReadOnlyList<InputSource> Sources { get; } = sources;

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public List<string> AttachedChannels { get; } = [];

    /// <summary>CREATING, DETACHED, DELETING or DELETED; ATTACHED is derived from <see cref="AttachedChannels"/>.</summary>
    public TimedState<InputState> Lifecycle { get; } = new(InputState.Creating);

    public InputClass InputClass => Destinations.Count > 1 || Sources.Count > 1 ? InputClass.Standard : InputClass.SinglePipeline;

    public InputState State => Lifecycle.Current == InputState.Detached && AttachedChannels.Count > 0 ? InputState.Attached : Lifecycle.Current;

    public Input ToResponse() =>
        new(Id, Arn, Name, Type, State, InputClass, [.. AttachedChannels], Destinations, SecurityGroups, new Dictionary<string, string>(Tags), Sources);
}
