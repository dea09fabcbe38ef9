using Airwave.Aws.MediaLive;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The stream's MediaLive input security group: who may push to its input.</summary>
public sealed class InputSecurityGroupManager(IMediaLiveClient mediaLive, ListingLifetime lifetime)
{
    private readonly StreamTagIndex _tagged = new(
        async cancellationToken => (await mediaLive.ListInputSecurityGroupsAsync(cancellationToken)).Select(g => new TaggedResource(g.Id, g.Tags)),
        lifetime);

    public Task<Observed<InputSecurityGroup>> ReadOneAsync(string? id, StreamIdentity identity, CancellationToken cancellationToken) =>
        AwsLookup.ReadAsync(
            id,
            identity,
            _tagged,
            known => mediaLive.DescribeInputSecurityGroupAsync(known, cancellationToken),
            g => g.State == InputSecurityGroupState.Deleted,
            cancellationToken);

    public Task<InputSecurityGroup> CreateAsync(StreamIdentity identity, IReadOnlyList<string> allowedCidrs, CancellationToken cancellationToken) =>
        AwsLookup.CreateAsync(
            _tagged,
            () => mediaLive.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest(Rules(allowedCidrs), identity.Tags), cancellationToken),
            g => new TaggedResource(g.Id, g.Tags ?? identity.Tags));

    /// <summary>Whether the group's allow-list is the spec's, in any order.</summary>
    public static ResourceDelta Delta(InputSecurityGroup group, IReadOnlyList<string> allowedCidrs, bool specChanged)
    {
        ArgumentNullException.ThrowIfNull(group);
        var current = (group.WhitelistRules ?? []).Select(r => r.Cidr).Order(StringComparer.Ordinal);
        return new ResourceDelta(current.SequenceEqual(allowedCidrs.Order(StringComparer.Ordinal)) ? [] : ["whitelistRules"], specChanged);
    }

    public Task<InputSecurityGroup> UpdateAsync(InputSecurityGroup group, IReadOnlyList<string> allowedCidrs, CancellationToken cancellationToken) =>
        mediaLive.UpdateInputSecurityGroupAsync(group.Id, new UpdateInputSecurityGroupRequest(Rules(allowedCidrs)), cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        AwsLookup.DeleteAsync(_tagged, id, () => mediaLive.DeleteInputSecurityGroupAsync(id, cancellationToken));

    private static List<InputWhitelistRule> Rules(IReadOnlyList<string> cidrs) => [.. cidrs.Select(c => new InputWhitelistRule(c))];
}
