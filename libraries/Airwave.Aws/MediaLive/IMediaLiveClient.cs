namespace Airwave.Aws.MediaLive;

/// <summary>The AWS Elemental MediaLive operations a live stream needs (API version 2017-10-14).</summary>
public interface IMediaLiveClient
{
    Task<InputSecurityGroup> CreateInputSecurityGroupAsync(CreateInputSecurityGroupRequest request, CancellationToken cancellationToken);

    Task<InputSecurityGroup> DescribeInputSecurityGroupAsync(string inputSecurityGroupId, CancellationToken cancellationToken);

    Task<IReadOnlyList<InputSecurityGroup>> ListInputSecurityGroupsAsync(CancellationToken cancellationToken);

    Task<InputSecurityGroup> UpdateInputSecurityGroupAsync(string inputSecurityGroupId, UpdateInputSecurityGroupRequest request, CancellationToken cancellationToken);

    Task DeleteInputSecurityGroupAsync(string inputSecurityGroupId, CancellationToken cancellationToken);

    Task<Input> CreateInputAsync(CreateInputRequest request, CancellationToken cancellationToken);

    Task<Input> DescribeInputAsync(string inputId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Input>> ListInputsAsync(CancellationToken cancellationToken);

    Task<Input> UpdateInputAsync(string inputId, UpdateInputRequest request, CancellationToken cancellationToken);

    Task DeleteInputAsync(string inputId, CancellationToken cancellationToken);

    Task<Channel> CreateChannelAsync(CreateChannelRequest request, CancellationToken cancellationToken);

    Task<Channel> DescribeChannelAsync(string channelId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChannelSummary>> ListChannelsAsync(CancellationToken cancellationToken);

    Task<Channel> UpdateChannelAsync(string channelId, UpdateChannelRequest request, CancellationToken cancellationToken);

    Task<Channel> StartChannelAsync(string channelId, CancellationToken cancellationToken);

    Task<Channel> StopChannelAsync(string channelId, CancellationToken cancellationToken);

    Task<Channel> DeleteChannelAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>The channel's alerts in one state: SET (still raised) or CLEARED.</summary>
    Task<IReadOnlyList<ChannelAlert>> ListAlertsAsync(string channelId, ChannelAlertState state, CancellationToken cancellationToken);

    Task CreateTagsAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    Task DeleteTagsAsync(string resourceArn, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken);
}
