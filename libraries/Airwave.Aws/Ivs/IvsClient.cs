using Airwave.Aws.Credentials;
using Airwave.Aws.Errors;
using Airwave.Aws.Http;

namespace Airwave.Aws.Ivs;

/// <summary>Amazon IVS over rest-json, signed with SigV4: every operation a POST of a JSON body but tagging; list calls follow every page.</summary>
public sealed class IvsClient : IIvsClient
{
    private readonly AwsJsonClient _client;

    public IvsClient(HttpClient http, AwsClientOptions options, ICredentialsProvider credentials, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new AwsJsonClient(new AwsRestClient(http, AwsService.Ivs(options), credentials, options.Retry, options.Metrics, time ?? TimeProvider.System));
    }

    public Task<CreateChannelResponse> CreateChannelAsync(CreateChannelRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync<CreateChannelResponse>(HttpMethod.Post, "/CreateChannel", request, cancellationToken, repeatable: false);

    public async Task<Channel> GetChannelAsync(string arn, CancellationToken cancellationToken) =>
        (await _client.SendAsync<ChannelAnswer>(HttpMethod.Post, "/GetChannel", new ArnRequest(arn), cancellationToken)).Channel;

    public Task<IReadOnlyList<Channel>> ListChannelsAsync(string? name, CancellationToken cancellationToken) =>
        ListAllAsync<ChannelsPage, Channel>("/ListChannels", token => new ListChannelsRequest(name, token), page => (page.Channels, page.NextToken), cancellationToken);

    public async Task<Channel> UpdateChannelAsync(UpdateChannelRequest request, CancellationToken cancellationToken) =>
        (await _client.SendAsync<ChannelAnswer>(HttpMethod.Post, "/UpdateChannel", request, cancellationToken)).Channel;

    public Task DeleteChannelAsync(string arn, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Post, "/DeleteChannel", new ArnRequest(arn), cancellationToken);

    public async Task<StreamKey> CreateStreamKeyAsync(string channelArn, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken) =>
        (await _client.SendAsync<StreamKeyAnswer>(HttpMethod.Post, "/CreateStreamKey", new CreateStreamKeyRequest(channelArn, tags), cancellationToken, repeatable: false)).StreamKey;

    public Task<IReadOnlyList<StreamKey>> ListStreamKeysAsync(string channelArn, CancellationToken cancellationToken) =>
        ListAllAsync<StreamKeysPage, StreamKey>("/ListStreamKeys", token => new ListStreamKeysRequest(channelArn, token), page => (page.StreamKeys, page.NextToken), cancellationToken);

    public async Task<StreamKey> GetStreamKeyAsync(string arn, CancellationToken cancellationToken) =>
        (await _client.SendAsync<StreamKeyAnswer>(HttpMethod.Post, "/GetStreamKey", new ArnRequest(arn), cancellationToken)).StreamKey;

    public async Task<Broadcast?> GetStreamAsync(string channelArn, CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.SendAsync<StreamAnswer>(HttpMethod.Post, "/GetStream", new ChannelArnRequest(channelArn), cancellationToken)).Stream;
        }
        catch (AwsNotFoundException e) when (e.ErrorCode == "ChannelNotBroadcasting")
        {
            return null;
        }
    }

    public async Task<bool> StopStreamAsync(string channelArn, CancellationToken cancellationToken)
    {
        try
        {
            await _client.SendAsync(HttpMethod.Post, "/StopStream", new ChannelArnRequest(channelArn), cancellationToken);
            return true;
        }
        catch (AwsNotFoundException e) when (e.ErrorCode == "ChannelNotBroadcasting")
        {
            return false;
        }
    }

    public async Task<PlaybackKeyPair> ImportPlaybackKeyPairAsync(string publicKeyPem, string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken) =>
        (await _client.SendAsync<KeyPairAnswer>(HttpMethod.Post, "/ImportPlaybackKeyPair", new ImportPlaybackKeyPairRequest(publicKeyPem, name, tags), cancellationToken, repeatable: false)).KeyPair;

    public Task<IReadOnlyList<PlaybackKeyPair>> ListPlaybackKeyPairsAsync(CancellationToken cancellationToken) =>
        ListAllAsync<KeyPairsPage, PlaybackKeyPair>("/ListPlaybackKeyPairs", token => new PageRequest(token), page => (page.KeyPairs, page.NextToken), cancellationToken);

    public Task DeletePlaybackKeyPairAsync(string arn, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Post, "/DeletePlaybackKeyPair", new ArnRequest(arn), cancellationToken);

    public async Task<RecordingConfiguration> CreateRecordingConfigurationAsync(CreateRecordingConfigurationRequest request, CancellationToken cancellationToken) =>
        (await _client.SendAsync<RecordingConfigurationAnswer>(HttpMethod.Post, "/CreateRecordingConfiguration", request, cancellationToken, repeatable: false)).RecordingConfiguration;

    public async Task<RecordingConfiguration> GetRecordingConfigurationAsync(string arn, CancellationToken cancellationToken) =>
        (await _client.SendAsync<RecordingConfigurationAnswer>(HttpMethod.Post, "/GetRecordingConfiguration", new ArnRequest(arn), cancellationToken)).RecordingConfiguration;

    public Task<IReadOnlyList<RecordingConfiguration>> ListRecordingConfigurationsAsync(CancellationToken cancellationToken) =>
        ListAllAsync<RecordingConfigurationsPage, RecordingConfiguration>("/ListRecordingConfigurations", token => new PageRequest(token), page => (page.RecordingConfigurations, page.NextToken), cancellationToken);

    public Task DeleteRecordingConfigurationAsync(string arn, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Post, "/DeleteRecordingConfiguration", new ArnRequest(arn), cancellationToken);

    public Task TagResourceAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Post, $"/tags/{AwsPath.Label(arn)}", new TagsRequest(tags), cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string arn, CancellationToken cancellationToken) =>
        (await _client.SendAsync<TagsAnswer>(HttpMethod.Get, $"/tags/{AwsPath.Label(arn)}", null, cancellationToken)).Tags ?? new Dictionary<string, string>();

    /// <summary>Every page of a listing whose next token goes in the request's body, as IVS's do.</summary>
    private async Task<IReadOnlyList<TItem>> ListAllAsync<TPage, TItem>(string path, Func<string?, object> request, Func<TPage, (IReadOnlyList<TItem> Items, string? NextToken)> read, CancellationToken cancellationToken)
    {
        var items = new List<TItem>();
        string? nextToken = null;
        do
        {
            (var page, nextToken) = read(await _client.SendAsync<TPage>(HttpMethod.Post, path, request(nextToken), cancellationToken, operation: path[1..]));
            items.AddRange(page);
        }
        while (nextToken is { Length: > 0 });
        return items;
    }

    // The bodies and answers of IVS's operations, named for the JSON generated at build time (IvsJson).
    internal sealed record ArnRequest(string Arn);

    internal sealed record ChannelArnRequest(string ChannelArn);

    internal sealed record PageRequest(string? NextToken);

    internal sealed record ListChannelsRequest(string? FilterByName, string? NextToken);

    internal sealed record ListStreamKeysRequest(string ChannelArn, string? NextToken);

    internal sealed record CreateStreamKeyRequest(string ChannelArn, IReadOnlyDictionary<string, string>? Tags);

    internal sealed record ImportPlaybackKeyPairRequest(string PublicKeyMaterial, string Name, IReadOnlyDictionary<string, string>? Tags);

    internal sealed record TagsRequest(IReadOnlyDictionary<string, string> Tags);

    internal sealed record ChannelAnswer(Channel Channel);

    internal sealed record ChannelsPage(IReadOnlyList<Channel> Channels, string? NextToken);

    internal sealed record StreamKeysPage(IReadOnlyList<StreamKey> StreamKeys, string? NextToken);

    internal sealed record StreamKeyAnswer(StreamKey StreamKey);

    internal sealed record StreamAnswer(Broadcast Stream);

    internal sealed record KeyPairAnswer(PlaybackKeyPair KeyPair);

    internal sealed record KeyPairsPage(IReadOnlyList<PlaybackKeyPair> KeyPairs, string? NextToken);

    internal sealed record RecordingConfigurationAnswer(RecordingConfiguration RecordingConfiguration);

    internal sealed record RecordingConfigurationsPage(IReadOnlyList<RecordingConfiguration> RecordingConfigurations, string? NextToken);

    internal sealed record TagsAnswer(IReadOnlyDictionary<string, string>? Tags);
}
