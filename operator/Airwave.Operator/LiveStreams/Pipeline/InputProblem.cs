using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Aws.MediaLive;
using Airwave.Operator.LiveStreams.Resources;

namespace Airwave.Operator.LiveStreams.Pipeline;

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
public sealed record InputProblem(string Reason, string Message, string Warning, bool NoMedia)
{
    /// <summary>
    /// What the channel's alerts say is wrong with the stream's input; null when nothing is, or the channel is gone.
    /// Only the alerts of an input that encoders push to or that pulls a source are read: the operator's own pods
    /// report on themselves.
    /// </summary>
    public static async Task<InputProblem?> ReadAsync(ChannelManager channels, StreamPass pass, string inputId, string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Layout.Ingest is not (MediaIngest.Encoders or MediaIngest.Pulled))
        {
            return null;
        }

        try
        {
            return Find(pass, inputId, await pass.Pipeline.SetAlertsAsync(channels, channelId, cancellationToken));
        }
        catch (AwsNotFoundException)
        {
            // Deleted outside Airwave: this pass finds it missing and makes it again.
            return null;
        }
    }

    /// <summary>The problem the channel's SET alerts report for the stream's source; null when there is none.</summary>
    private static InputProblem? Find(StreamPass pass, string inputId, IReadOnlyList<ChannelAlert> setAlerts)
    {
        var stream = pass.Stream;
        if (stream.Spec.Source.Pull is { } pull && Newest(setAlerts, ChannelAlertTypes.InputResourceUnavailable) is { } unreachable)
        {
            var cannotRead = $"the channel cannot read {pull.Url} (pipeline {unreachable.PipelineId}, since {unreachable.SetTimestamp:u}): {unreachable.Message}";
            return new InputProblem(LiveStreamConditions.SourceUnreachable, cannotRead, $"The channel cannot read {pull.Url}: {unreachable.Message}", NoMedia: true);
        }

        if (pass.Layout.Ingest == MediaIngest.Encoders && Newest(setAlerts, ChannelAlertTypes.RtmpStreamNotFound) is { } refused)
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
