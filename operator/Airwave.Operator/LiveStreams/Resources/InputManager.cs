using Airwave.Aws.MediaLive;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The stream's input: an RTMP push input (one destination for a single-pipeline channel, two for a standard one), or
/// for a pulled stream an input that pulls its URL (one source per pipeline).
/// </summary>
public sealed class InputManager(IMediaLiveClient mediaLive, ListingLifetime lifetime)
{
    private readonly StreamTagIndex _tagged = new(
        async cancellationToken => (await mediaLive.ListInputsAsync(cancellationToken))
            .Where(i => i.Type is InputType.RtmpPush or InputType.RtmpPull or InputType.UrlPull or InputType.Mp4File)
            .Select(i => new TaggedResource(i.Id, i.Tags)),
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

    /// <summary>An input that pulls <paramref name="url"/> into each of the channel's <paramref name="pipelines"/>.</summary>
    /// <param name="replacing">The id of an input that vanished, so the retry-safe request id differs from its creator's.</param>
    public Task<Input> CreatePullAsync(StreamIdentity identity, string url, int pipelines, string? replacing, CancellationToken cancellationToken) =>
        AwsLookup.CreateAsync(
            _tagged,
            () => mediaLive.CreateInputAsync(
                new CreateInputRequest(
                    identity.DisplayName,
                    PullType(url),
                    Destinations: null,
                    InputSecurityGroups: null,
                    identity.RequestId("input", replacing),
                    identity.Tags,
                    [.. Enumerable.Repeat(new InputSourceRequest(url), pipelines)]),
                cancellationToken),
            i => new TaggedResource(i.Id, i.Tags ?? identity.Tags));

    /// <summary>What MediaLive pulls a URL as: RTMP from an rtmp(s) URL, an MP4 file from one whose path ends .mp4, else HLS.</summary>
    public static InputType PullType(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var parsed = new Uri(url);
        return parsed.Scheme is "rtmp" or "rtmps" ? InputType.RtmpPull
            : parsed.AbsolutePath.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) ? InputType.Mp4File
            : InputType.UrlPull;
    }

    /// <summary>The URL an input pulls; null for a push input.</summary>
    public static string? PulledUrl(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Sources is [var first, ..] ? first.Url : null;
    }

    /// <summary>Gives the input new stream names (a new key); MediaLive refuses it while the channel runs.</summary>
    public Task<Input> UpdateStreamNamesAsync(string id, IReadOnlyList<string> streamNames, CancellationToken cancellationToken) =>
        mediaLive.UpdateInputAsync(id, new UpdateInputRequest([.. streamNames.Select(n => new InputDestinationRequest(n))]), cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        AwsLookup.DeleteAsync(_tagged, id, () => mediaLive.DeleteInputAsync(id, cancellationToken));
}
