using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// What MediaLive's channel alerts say is wrong with a running stream's input, as the stream reports it: InputReady
/// False with <see cref="Reason"/>, a Warning Event when it starts and a Normal one when it ends. A pulled source the
/// channel cannot read also leaves the stream without media (Ready False); a refused push does not stop the
/// encoder that pushes with the right key.
/// </summary>
/// <param name="Reason">The condition's reason and the Warning Event's.</param>
/// <param name="Message">The InputReady condition's message.</param>
/// <param name="Warning">The Warning Event's message.</param>
/// <param name="NoMedia">Whether the channel has nothing to play while it lasts.</param>
internal sealed record InputProblem(string Reason, string Message, string Warning, bool NoMedia)
{
    /// <summary>The problem the channel's SET alerts report for the stream's source; null when there is none.</summary>
    public static InputProblem? Find(LiveStream stream, string inputId, IReadOnlyList<ChannelAlert> setAlerts)
    {
        if (stream.Spec.Source.Pull is { } pull && Newest(setAlerts, ChannelAlertTypes.InputResourceUnavailable) is { } unreachable)
        {
            var cannotRead = $"the channel cannot read {pull.Url} (pipeline {unreachable.PipelineId}, since {unreachable.SetTimestamp:u}): {unreachable.Message}";
            return new InputProblem(LiveStreamConditions.SourceUnreachable, cannotRead, $"The channel cannot read {pull.Url}: {unreachable.Message}", NoMedia: true);
        }

        if (stream.Spec.Source.Type == SourceType.RtmpPush && Newest(setAlerts, ChannelAlertTypes.RtmpStreamNotFound) is { } refused)
        {
            // MediaLive cannot tell an old key from a typo; the Secret holds the one it takes.
            var secret = IngestSecret.NameFor(stream);
            return new InputProblem(
                LiveStreamConditions.PushRefused,
                $"A push to input {inputId} was refused (pipeline {refused.PipelineId}, since {refused.SetTimestamp:u}): unknown stream key. Push to the URLs in Secret {secret}; after a key rotation, encoders need the new one. MediaLive says: {refused.Message}",
                $"A push to input {inputId} was refused: unknown stream key; the URLs in Secret {secret} carry the right one",
                NoMedia: false);
        }

        return null;
    }

    /// <summary>The Normal Event's reason and message when the problem a stream reported last is over; null when it reported none.</summary>
    public static (string Reason, string Message)? Recovery(LiveStream stream, string inputId, string? lastReason) => lastReason switch
    {
        LiveStreamConditions.SourceUnreachable => ("SourceReachable", $"The channel reads {stream.Spec.Source.Pull?.Url} again"),
        LiveStreamConditions.PushRefused => ("PushAccepted", $"Input {inputId} takes a push with the stream's key again"),
        _ => null,
    };

    private static ChannelAlert? Newest(IReadOnlyList<ChannelAlert> alerts, string alertType) =>
        alerts.Where(a => a.AlertType == alertType).MaxBy(a => a.SetTimestamp);
}
