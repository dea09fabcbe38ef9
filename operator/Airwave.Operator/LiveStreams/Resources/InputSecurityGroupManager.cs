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

    /// <summary>Brings the allow-list in line with the spec; returns the updated group, or null when it already was.</summary>
    public async Task<InputSecurityGroup?> UpdateAsync(InputSecurityGroup group, IReadOnlyList<string> allowedCidrs, CancellationToken cancellationToken)
    {
        var current = (group.WhitelistRules ?? []).Select(r => r.Cidr).Order(StringComparer.Ordinal);
        if (current.SequenceEqual(allowedCidrs.Order(StringComparer.Ordinal)))
        {
            return null;
        }

        return await mediaLive.UpdateInputSecurityGroupAsync(group.Id, new UpdateInputSecurityGroupRequest(Rules(allowedCidrs)), cancellationToken);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        AwsLookup.DeleteAsync(_tagged, id, () => mediaLive.DeleteInputSecurityGroupAsync(id, cancellationToken));

    private static List<InputWhitelistRule> Rules(IReadOnlyList<string> cidrs) => [.. cidrs.Select(c => new InputWhitelistRule(c))];
}
