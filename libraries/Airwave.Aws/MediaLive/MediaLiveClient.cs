using Airwave.Aws.Credentials;
using Airwave.Aws.Http;

namespace Airwave.Aws.MediaLive;

/// <summary>MediaLive over rest-json, signed with SigV4; list calls follow every page.</summary>
public sealed class MediaLiveClient : IMediaLiveClient
{
    private readonly AwsJsonClient _client;

    public MediaLiveClient(HttpClient http, AwsClientOptions options, ICredentialsProvider credentials, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new AwsJsonClient(new AwsRestClient(http, AwsService.MediaLive(options), credentials, options.Retry, options.Metrics, time ?? TimeProvider.System));
    }

    public async Task<InputSecurityGroup> CreateInputSecurityGroupAsync(CreateInputSecurityGroupRequest request, CancellationToken cancellationToken) =>
        // MediaLive takes no request id for security groups: a lost answer is found again by its tags, not by resending.
        (await _client.SendAsync<InputSecurityGroupEnvelope>(HttpMethod.Post, "/prod/inputSecurityGroups", request, cancellationToken, repeatable: false)).SecurityGroup;

    public Task<InputSecurityGroup> DescribeInputSecurityGroupAsync(string inputSecurityGroupId, CancellationToken cancellationToken) =>
        _client.SendAsync<InputSecurityGroup>(HttpMethod.Get, $"/prod/inputSecurityGroups/{AwsPath.Label(inputSecurityGroupId)}", null, cancellationToken);

    public Task<IReadOnlyList<InputSecurityGroup>> ListInputSecurityGroupsAsync(CancellationToken cancellationToken) =>
        _client.ListAllAsync<ListInputSecurityGroupsResponse, InputSecurityGroup>("/prod/inputSecurityGroups", [], page => (page.InputSecurityGroups, page.NextToken), cancellationToken);

    public async Task<InputSecurityGroup> UpdateInputSecurityGroupAsync(string inputSecurityGroupId, UpdateInputSecurityGroupRequest request, CancellationToken cancellationToken) =>
        (await _client.SendAsync<InputSecurityGroupEnvelope>(HttpMethod.Put, $"/prod/inputSecurityGroups/{AwsPath.Label(inputSecurityGroupId)}", request, cancellationToken)).SecurityGroup;

    public Task DeleteInputSecurityGroupAsync(string inputSecurityGroupId, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Delete, $"/prod/inputSecurityGroups/{AwsPath.Label(inputSecurityGroupId)}", null, cancellationToken);

    public async Task<Input> CreateInputAsync(CreateInputRequest request, CancellationToken cancellationToken) =>
        (await _client.SendAsync<InputEnvelope>(HttpMethod.Post, "/prod/inputs", request, cancellationToken)).Input;

    public Task<Input> DescribeInputAsync(string inputId, CancellationToken cancellationToken) =>
        _client.SendAsync<Input>(HttpMethod.Get, $"/prod/inputs/{AwsPath.Label(inputId)}", null, cancellationToken);

    public Task<IReadOnlyList<Input>> ListInputsAsync(CancellationToken cancellationToken) =>
        _client.ListAllAsync<ListInputsResponse, Input>("/prod/inputs", [], page => (page.Inputs, page.NextToken), cancellationToken);

    public async Task<Input> UpdateInputAsync(string inputId, UpdateInputRequest request, CancellationToken cancellationToken) =>
        (await _client.SendAsync<InputEnvelope>(HttpMethod.Put, $"/prod/inputs/{AwsPath.Label(inputId)}", request, cancellationToken)).Input;

    public Task DeleteInputAsync(string inputId, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Delete, $"/prod/inputs/{AwsPath.Label(inputId)}", null, cancellationToken);

    public async Task<Channel> CreateChannelAsync(CreateChannelRequest request, CancellationToken cancellationToken) =>
        (await _client.SendAsync<ChannelEnvelope>(HttpMethod.Post, "/prod/channels", request, cancellationToken)).Channel;

    public Task<Channel> DescribeChannelAsync(string channelId, CancellationToken cancellationToken) =>
        _client.SendAsync<Channel>(HttpMethod.Get, $"/prod/channels/{AwsPath.Label(channelId)}", null, cancellationToken);

    public Task<IReadOnlyList<ChannelSummary>> ListChannelsAsync(CancellationToken cancellationToken) =>
        _client.ListAllAsync<ListChannelsResponse, ChannelSummary>("/prod/channels", [], page => (page.Channels, page.NextToken), cancellationToken);

    public async Task<Channel> UpdateChannelAsync(string channelId, UpdateChannelRequest request, CancellationToken cancellationToken) =>
        (await _client.SendAsync<ChannelEnvelope>(HttpMethod.Put, $"/prod/channels/{AwsPath.Label(channelId)}", request, cancellationToken)).Channel;

    public Task<Channel> StartChannelAsync(string channelId, CancellationToken cancellationToken) =>
        _client.SendAsync<Channel>(HttpMethod.Post, $"/prod/channels/{AwsPath.Label(channelId)}/start", null, cancellationToken);

    public Task<Channel> StopChannelAsync(string channelId, CancellationToken cancellationToken) =>
        _client.SendAsync<Channel>(HttpMethod.Post, $"/prod/channels/{AwsPath.Label(channelId)}/stop", null, cancellationToken);

    public Task<Channel> DeleteChannelAsync(string channelId, CancellationToken cancellationToken) =>
        _client.SendAsync<Channel>(HttpMethod.Delete, $"/prod/channels/{AwsPath.Label(channelId)}", null, cancellationToken);

    public Task<IReadOnlyList<ChannelAlert>> ListAlertsAsync(string channelId, ChannelAlertState state, CancellationToken cancellationToken) =>
        _client.ListAllAsync<ListAlertsResponse, ChannelAlert>(
            $"/prod/channels/{AwsPath.Label(channelId)}/alerts",
            [("stateFilter", state == ChannelAlertState.Cleared ? "CLEARED" : "SET")],
            page => (page.Alerts, page.NextToken),
            cancellationToken);

    public Task CreateTagsAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Post, $"/prod/tags/{AwsPath.Label(resourceArn)}", new TagsEnvelope(tags), cancellationToken);

    public Task DeleteTagsAsync(string resourceArn, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tagKeys);
        var query = string.Join('&', tagKeys.Select(key => $"tagKeys={Uri.EscapeDataString(key)}"));
        return _client.SendAsync(HttpMethod.Delete, $"/prod/tags/{AwsPath.Label(resourceArn)}?{query}", null, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken) =>
        (await _client.SendAsync<TagsEnvelope>(HttpMethod.Get, $"/prod/tags/{AwsPath.Label(resourceArn)}", null, cancellationToken)).Tags;
}
