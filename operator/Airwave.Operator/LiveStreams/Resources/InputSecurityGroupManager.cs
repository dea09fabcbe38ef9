using Airwave.Aws.MediaLive;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The stream's MediaLive input security group: who may push to its input.</summary>
public sealed class InputSecurityGroupManager(IMediaLiveClient mediaLive, ListingLifetime lifetime) : IAwsResourceManager<InputSecurityGroup, SecurityGroupPlan>
{
    private readonly StreamTagIndex _tagged = new(
        async cancellationToken => (await mediaLive.ListInputSecurityGroupsAsync(cancellationToken)).Select(g => new TaggedResource(g.Id, g.Tags)),
        lifetime);

    public Task<Observed<InputSecurityGroup>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken) =>
        AwsLookup.ReadAsync(
            knownId,
            identity,
            _tagged,
            known => mediaLive.DescribeInputSecurityGroupAsync(known, cancellationToken),
            g => g.State == InputSecurityGroupState.Deleted,
            cancellationToken);

    /// <param name="replacing">Unused: a security group is made without a request id.</param>
    public Task<InputSecurityGroup> CreateAsync(SecurityGroupPlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken) =>
        AwsLookup.CreateAsync(
            _tagged,
            () => mediaLive.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest(Rules(plan.AllowedCidrs), identity.Tags), cancellationToken),
            g => new TaggedResource(g.Id, g.Tags ?? identity.Tags));

    /// <summary>Whether the group's allow-list is the spec's, in any order.</summary>
    public ResourceDelta Delta(InputSecurityGroup resource, SecurityGroupPlan plan, bool specChanged)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        var current = (resource.WhitelistRules ?? []).Select(r => r.Cidr).Order(StringComparer.Ordinal);
        return new ResourceDelta(current.SequenceEqual(plan.AllowedCidrs.Order(StringComparer.Ordinal)) ? [] : ["whitelistRules"], specChanged);
    }

    public Task<InputSecurityGroup> UpdateAsync(InputSecurityGroup resource, SecurityGroupPlan plan, CancellationToken cancellationToken) =>
        mediaLive.UpdateInputSecurityGroupAsync(resource.Id, new UpdateInputSecurityGroupRequest(Rules(plan.AllowedCidrs)), cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await AwsLookup.DeleteAsync(_tagged, id, () => mediaLive.DeleteInputSecurityGroupAsync(id, cancellationToken));
        return true;
    }

    private static List<InputWhitelistRule> Rules(IReadOnlyList<string> cidrs) => [.. cidrs.Select(c => new InputWhitelistRule(c))];
}

/// <summary>What a stream asks of its input's security group: the addresses that may push.</summary>
public sealed record SecurityGroupPlan(IReadOnlyList<string> AllowedCidrs);
