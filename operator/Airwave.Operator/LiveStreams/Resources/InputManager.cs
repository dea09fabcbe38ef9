using Airwave.Aws.MediaLive;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The stream's input: an RTMP push input (one destination for a single-pipeline channel, two for a standard one), or
/// for a pulled stream an input that pulls its URL (one source per pipeline).
/// </summary>
public sealed class InputManager(IMediaLiveClient mediaLive, ListingLifetime lifetime) : IAwsResourceManager<Input, InputPlan>
{
    private readonly StreamTagIndex _tagged = new(
        async cancellationToken => (await mediaLive.ListInputsAsync(cancellationToken))
            .Where(i => i.Type is InputType.RtmpPush or InputType.RtmpPull or InputType.UrlPull or InputType.Mp4File)
            .Select(i => new TaggedResource(i.Id, i.Tags)),
        lifetime);

    public Task<Observed<Input>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken) =>
        AwsLookup.ReadAsync(
            knownId,
            identity,
            _tagged,
            known => mediaLive.DescribeInputAsync(known, cancellationToken),
            i => i.State is InputState.Deleting or InputState.Deleted,
            cancellationToken);

    /// <summary>An RTMP push input with the plan's stream names behind its security group, or one that pulls the plan's URL into each pipeline.</summary>
    /// <param name="replacing">The id of an input that vanished, so the retry-safe request id differs from its creator's.</param>
    public Task<Input> CreateAsync(InputPlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(identity);
        var request = plan.PullUrl is { } url
            ? new CreateInputRequest(
                identity.DisplayName,
                PullType(url),
                Destinations: null,
                InputSecurityGroups: null,
                identity.RequestId("input", replacing),
                identity.Tags,
                [.. Enumerable.Repeat(new InputSourceRequest(url), plan.Pipelines)])
            : new CreateInputRequest(
                identity.DisplayName,
                InputType.RtmpPush,
                [.. (plan.StreamNames ?? throw new ArgumentException("A push input is made with its stream names.", nameof(plan))).Select(n => new InputDestinationRequest(n))],
                [plan.SecurityGroupId ?? throw new ArgumentException("A push input is made behind a security group.", nameof(plan))],
                identity.RequestId("input", replacing),
                identity.Tags);
        return AwsLookup.CreateAsync(_tagged, () => mediaLive.CreateInputAsync(request, cancellationToken), i => new TaggedResource(i.Id, i.Tags ?? identity.Tags));
    }

    /// <summary>
    /// Whether a push input is behind the stream's security group, and only it. Its stream names are the key, which
    /// changes only when asked (<see cref="UpdateStreamNamesAsync"/>); its pipelines and a pulled URL cannot change in
    /// place at all.
    /// </summary>
    public ResourceDelta Delta(Input resource, InputPlan plan, bool specChanged)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        var groupsMatch = plan.SecurityGroupId is not { } group || resource.SecurityGroups is [var only] && only == group;
        return new ResourceDelta(groupsMatch ? [] : ["inputSecurityGroups"], specChanged);
    }

    /// <summary>Puts a push input behind the plan's security group; MediaLive refuses it while the channel runs.</summary>
    public Task<Input> UpdateAsync(Input resource, InputPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        return mediaLive.UpdateInputAsync(resource.Id, new UpdateInputRequest(InputSecurityGroups: [plan.SecurityGroupId!]), cancellationToken);
    }

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

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await AwsLookup.DeleteAsync(_tagged, id, () => mediaLive.DeleteInputAsync(id, cancellationToken));
        return true;
    }
}

/// <summary>
/// What a stream asks of its input: a push input behind <paramref name="SecurityGroupId"/> taking
/// <paramref name="StreamNames"/> (one per pipeline; null when the key is not being set), or one pulling
/// <paramref name="PullUrl"/> into each of <paramref name="Pipelines"/>.
/// </summary>
public sealed record InputPlan(string? SecurityGroupId, IReadOnlyList<string>? StreamNames, string? PullUrl, int Pipelines);
