using Airwave.Aws.MediaLive;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The stream's MediaLive input security group: who may push to its input.</summary>
public sealed class InputSecurityGroupManager(IMediaLiveClient mediaLive)
{
    public Task<Observed<InputSecurityGroup>> ReadOneAsync(string? id, StreamIdentity identity, CancellationToken cancellationToken) =>
        AwsLookup.ReadAsync(
            id,
            known => mediaLive.DescribeInputSecurityGroupAsync(known, cancellationToken),
            async () => (await mediaLive.ListInputSecurityGroupsAsync(cancellationToken)).Where(g => identity.IsTaggedOn(g.Tags)),
            g => g.State == InputSecurityGroupState.Deleted);

    public Task<InputSecurityGroup> CreateAsync(StreamIdentity identity, IReadOnlyList<string> allowedCidrs, CancellationToken cancellationToken) =>
        mediaLive.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest(Rules(allowedCidrs), identity.Tags), cancellationToken);

    /// <summary>Brings the allow-list in line with the spec; returns whether anything changed.</summary>
    public async Task<bool> UpdateAsync(InputSecurityGroup group, IReadOnlyList<string> allowedCidrs, CancellationToken cancellationToken)
    {
        var current = (group.WhitelistRules ?? []).Select(r => r.Cidr).Order(StringComparer.Ordinal);
        if (current.SequenceEqual(allowedCidrs.Order(StringComparer.Ordinal)))
        {
            return false;
        }

        await mediaLive.UpdateInputSecurityGroupAsync(group.Id, new UpdateInputSecurityGroupRequest(Rules(allowedCidrs)), cancellationToken);
        return true;
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        AwsLookup.DeleteAsync(() => mediaLive.DeleteInputSecurityGroupAsync(id, cancellationToken));

    private static List<InputWhitelistRule> Rules(IReadOnlyList<string> cidrs) => [.. cidrs.Select(c => new InputWhitelistRule(c))];
}
