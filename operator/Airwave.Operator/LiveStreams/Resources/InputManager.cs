using Airwave.Aws.MediaLive;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The stream's RTMP push input: one destination for a single-pipeline channel, two for a standard one.</summary>
public sealed class InputManager(IMediaLiveClient mediaLive, ListingLifetime lifetime)
{
    private readonly StreamTagIndex _tagged = new(
        async cancellationToken => (await mediaLive.ListInputsAsync(cancellationToken)).Where(i => i.Type == InputType.RtmpPush).Select(i => new TaggedResource(i.Id, i.Tags)),
        lifetime);

    public Task<Observed<Input>> ReadOneAsync(string? id, StreamIdentity identity, CancellationToken cancellationToken) =>
        AwsLookup.ReadAsync(
            id,
            identity,
            _tagged,
            known => mediaLive.DescribeInputAsync(known, cancellationToken),
            i => i.State is InputState.Deleting or InputState.Deleted,
            cancellationToken);

    /// <param name="replacing">The id of an input that vanished, so the retry-safe request id differs from its creator's.</param>
    public Task<Input> CreateAsync(StreamIdentity identity, string securityGroupId, IReadOnlyList<string> streamNames, string? replacing, CancellationToken cancellationToken) =>
        AwsLookup.CreateAsync(
            _tagged,
            () => mediaLive.CreateInputAsync(
                new CreateInputRequest(
                    identity.DisplayName,
                    InputType.RtmpPush,
                    [.. streamNames.Select(n => new InputDestinationRequest(n))],
                    [securityGroupId],
                    identity.RequestId("input", replacing),
                    identity.Tags),
                cancellationToken),
            i => new TaggedResource(i.Id, i.Tags ?? identity.Tags));

    /// <summary>Gives the input new stream names (a new key); MediaLive refuses it while the channel runs.</summary>
    public Task<Input> UpdateStreamNamesAsync(string id, IReadOnlyList<string> streamNames, CancellationToken cancellationToken) =>
        mediaLive.UpdateInputAsync(id, new UpdateInputRequest([.. streamNames.Select(n => new InputDestinationRequest(n))]), cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        AwsLookup.DeleteAsync(_tagged, id, () => mediaLive.DeleteInputAsync(id, cancellationToken));
}
