using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;

namespace Airwave.Operator.LiveStreams.Encryption;

/// <summary>
/// The Encrypted condition of a stream with a MediaPackage endpoint: True only once the endpoint's playlist, read as a
/// player reads it, names an encryption key (which MediaPackage writes only with a key from the key provider), False
/// when it plays in the clear or serves nothing while it should, Unknown until the stream plays. Once True for the
/// stream it stays so without reading again: MediaPackage keeps encrypting with the last key it got.
/// </summary>
public sealed class EncryptionPart(OperatorOptions options, IOriginPlaylists playlists, CdnIdentifiers cdnIdentifiers) : IStreamPart
{
    /// <summary>How long a running stream's endpoint may serve nothing before that counts: its first segments take a few seconds.</summary>
    public static readonly TimeSpan FirstSegmentsWithin = TimeSpan.FromSeconds(30);

    private const string KeysServed = "KeysServed";

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (draft, encryption) = (pass.Draft, pass.Stream.Spec.Playback.Encryption);
        if (!options.Speke.Encrypts(encryption))
        {
            if (encryption.Enabled == false)
            {
                draft.Condition(LiveStreamConditions.Encrypted, false, "Disabled", "HLS playback is not encrypted: spec.playback.encryption.enabled is false.");
            }
            else
            {
                draft.Condition(LiveStreamConditions.Encrypted, false, "NoKeyProvider", "HLS playback is not encrypted: the operator has no key provider configured (its speke.url and speke.roleArn settings).");
            }

            return PartResult.Done;
        }

        if (pass.Pipeline.Endpoint is not { } endpoint)
        {
            return PartResult.Done;
        }

        var provider = options.Speke.Url;
        if (pass.Pipeline.Channel?.State != ChannelState.Running)
        {
            if (!IsSeenEncrypted(draft.Status))
            {
                draft.Condition(LiveStreamConditions.Encrypted, ConditionStatus.Unknown, "NotPlaying", $"MediaPackage endpoint {endpoint.Id} is set to encrypt HLS playback with keys from the key provider at {provider}; whether it does is seen once the stream plays.");
            }

            return PartResult.Done;
        }

        if (IsSeenEncrypted(draft.Status))
        {
            return PartResult.Done;
        }

        switch (await playlists.ReadAsync(new Uri(endpoint.Url), await cdnIdentifiers.HeadersForAsync(endpoint, cancellationToken), cancellationToken))
        {
            case PlaylistEncryption.Keyed keyed:
                draft.Condition(LiveStreamConditions.Encrypted, true, KeysServed, $"MediaPackage endpoint {endpoint.Id} serves HLS playback encrypted ({keyed.Method}) with keys from the key provider at {provider}; {(keyed.KeyUri.Scheme == "skd" ? "FairPlay players get them from their license server for the playlist's skd:// key URI" : $"players fetch them from {keyed.KeyUri.GetLeftPart(UriPartial.Authority)}")}.");
                break;
            case PlaylistEncryption.Clear:
                draft.Condition(LiveStreamConditions.Encrypted, false, "PlaysInClear", $"MediaPackage endpoint {endpoint.Id} is set to encrypt with keys from the key provider at {provider}, but its playlist names no key: it plays in the clear.");
                break;
            case PlaylistEncryption.NotServing notServing when Since(draft.Status) is { } started && pass.Now - started > FirstSegmentsWithin:
                draft.Condition(LiveStreamConditions.Encrypted, false, "NoKeys", $"MediaPackage endpoint {endpoint.Id} serves no playlist ({notServing.Answer}) {(int)FirstSegmentsWithin.TotalSeconds} seconds into the session: it plays nothing until it has media from the channel and a content key from the key provider at {provider}. If the input has video, check that the key provider answers MediaPackage.");
                break;
            case PlaylistEncryption.NotServing notServing:
                draft.Condition(LiveStreamConditions.Encrypted, ConditionStatus.Unknown, "WaitingForSegments", $"MediaPackage endpoint {endpoint.Id} serves no playlist yet ({notServing.Answer}); it is set to encrypt with keys from the key provider at {provider}.");
                break;
        }

        return PartResult.Done;
    }

    /// <summary>Whether the stream's encryption still waits to be seen: the operator encrypts it and has not seen it encrypted.</summary>
    public bool AwaitsCheck(LiveStream stream) =>
        stream is not null && options.Speke.Encrypts(stream.Spec.Playback.Encryption)
        && !(stream.Status is { } status && IsSeenEncrypted(status));

    /// <summary>Whether the condition already says the endpoint serves keys (it turns to another reason whenever encryption is turned off).</summary>
    private static bool IsSeenEncrypted(LiveStreamStatus status) =>
        ConditionList.Find(status.Conditions, LiveStreamConditions.Encrypted) is { Status: ConditionStatus.True, Reason: KeysServed };

    private static DateTimeOffset? Since(LiveStreamStatus status) =>
        status.Sessions is [.., { StoppedAt: null } current] ? current.StartedAt : null;
}
