namespace Airwave.Aws.Ivs;

/// <summary>The Amazon Interactive Video Service (API 2020-07-14) operations a stream targeting IVS needs.</summary>
public interface IIvsClient
{
    /// <summary>Creates a channel and its stream key.</summary>
    Task<CreateChannelResponse> CreateChannelAsync(CreateChannelRequest request, CancellationToken cancellationToken);

    Task<Channel> GetChannelAsync(string arn, CancellationToken cancellationToken);

    /// <summary>Every channel, or those whose name is <paramref name="name"/>; the listing leaves out ingest and playback.</summary>
    Task<IReadOnlyList<Channel>> ListChannelsAsync(string? name, CancellationToken cancellationToken);

    /// <summary>Changes the channel's settings; a <see cref="Errors.ConflictException"/> while it is live.</summary>
    Task<Channel> UpdateChannelAsync(UpdateChannelRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes the channel and its stream keys; a <see cref="Errors.ConflictException"/> while it is live.</summary>
    Task DeleteChannelAsync(string arn, CancellationToken cancellationToken);

    /// <summary>A new stream key for a channel that has none (a channel has one at most).</summary>
    Task<StreamKey> CreateStreamKeyAsync(string channelArn, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken);

    /// <summary>The channel's stream keys, without their values.</summary>
    Task<IReadOnlyList<StreamKey>> ListStreamKeysAsync(string channelArn, CancellationToken cancellationToken);

    /// <summary>A stream key with its value.</summary>
    Task<StreamKey> GetStreamKeyAsync(string arn, CancellationToken cancellationToken);

    /// <summary>What the channel broadcasts now; null while it broadcasts nothing.</summary>
    Task<Broadcast?> GetStreamAsync(string channelArn, CancellationToken cancellationToken);

    /// <summary>Disconnects the channel's broadcaster, so that a live channel can be deleted; false when it was not live.</summary>
    Task<bool> StopStreamAsync(string channelArn, CancellationToken cancellationToken);

    /// <summary>Imports the public key (PEM, ECDSA P-384) that a private channel's playback tokens are verified with.</summary>
    Task<PlaybackKeyPair> ImportPlaybackKeyPairAsync(string publicKeyPem, string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken);

    /// <summary>Every playback key pair of the account and region.</summary>
    Task<IReadOnlyList<PlaybackKeyPair>> ListPlaybackKeyPairsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a playback key pair: tokens signed with its private key stop playing.</summary>
    Task DeletePlaybackKeyPairAsync(string arn, CancellationToken cancellationToken);

    /// <summary>A recording configuration: where a channel that names it records its broadcasts.</summary>
    Task<RecordingConfiguration> CreateRecordingConfigurationAsync(CreateRecordingConfigurationRequest request, CancellationToken cancellationToken);

    Task<RecordingConfiguration> GetRecordingConfigurationAsync(string arn, CancellationToken cancellationToken);

    /// <summary>Every recording configuration of the account and region.</summary>
    Task<IReadOnlyList<RecordingConfiguration>> ListRecordingConfigurationsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a recording configuration; a <see cref="Errors.ConflictException"/> while a channel names it.</summary>
    Task DeleteRecordingConfigurationAsync(string arn, CancellationToken cancellationToken);

    Task TagResourceAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string arn, CancellationToken cancellationToken);
}
