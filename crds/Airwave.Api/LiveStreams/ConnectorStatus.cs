using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

[Description("The connector pod of a Chime stream: it joins the meeting and pushes the meeting's video and sound into the stream's input.")]
public sealed record ConnectorStatus
{
    [Description("The Deployment of the stream's connector pod.")]
    public string? Deployment { get; init; }

    [Description("Starting: joining the meeting; Connected: the meeting's media flows into the input; Failed: it could not join or stopped pushing, and is tried again with backoff (message says why).")]
    public ConnectorPhase? Phase { get; init; }

    [Description("Since when the connector is in this phase.")]
    public DateTimeOffset? Since { get; init; }

    [Description("How often the connector pod's container restarted.")]
    public int Restarts { get; init; }

    [Description("Why the connector failed: the last line it logged.")]
    public string? Message { get; init; }
}
