using System.Net;
using System.Security.Cryptography;
using Airwave.Aws.Ivs;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// IVS channels and their stream keys, as the service keeps them: ids are the service's, a channel is made with one
/// stream key (and may have no more), deleting a channel deletes its keys, and a channel broadcasts nothing until
/// something pushes to it (GetStream: ChannelNotBroadcasting).
/// </summary>
internal sealed class IvsStore(AwsEmulatorOptions options)
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Channel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamKey> _keys = new(StringComparer.Ordinal);

    public CreateChannelResponse CreateChannel(CreateChannelRequest request)
    {
        var type = request.Type ?? "STANDARD";
        var id = Random(12);
        var arn = $"arn:aws:ivs:{options.Region}:{options.AccountId}:channel/{id}";
        var host = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var channel = new Channel(
            arn,
            request.Name ?? "",
            request.LatencyMode ?? "LOW",
            type,
            request.Authorized ?? false,
            $"{host}.global-contribute.live-video.net",
            $"https://{host}.{options.Region}.playback.live-video.net/api/video/v1/{options.Region}.{options.AccountId}.channel.{id}.m3u8",
            request.InsecureIngest ?? false,
            type.StartsWith("ADVANCED", StringComparison.Ordinal) ? "HIGHER_BANDWIDTH_DELIVERY" : "",
            request.RecordingConfigurationArn ?? "",
            Copy(request.Tags));
        lock (_lock)
        {
            _channels[arn] = channel;
            var key = NewKey(arn, request.Tags);
            return new CreateChannelResponse(channel, key);
        }
    }

    public Channel GetChannel(string arn)
    {
        lock (_lock)
        {
            return _channels.GetValueOrDefault(arn) ?? throw NoSuch(arn);
        }
    }

    /// <summary>Channels in creation order, as the listing gives them: without ingest endpoint and playback URL.</summary>
    public IReadOnlyList<Channel> ListChannels(string? name)
    {
        lock (_lock)
        {
            return [.. _channels.Values.Where(c => string.IsNullOrEmpty(name) || c.Name == name).Select(c => c with { IngestEndpoint = null, PlaybackUrl = null })];
        }
    }

    public void DeleteChannel(string arn)
    {
        lock (_lock)
        {
            if (!_channels.Remove(arn))
            {
                throw NoSuch(arn);
            }

            foreach (var key in _keys.Values.Where(k => k.ChannelArn == arn).ToList())
            {
                _keys.Remove(key.Arn);
            }
        }
    }

    public StreamKey CreateStreamKey(string channelArn, IReadOnlyDictionary<string, string>? tags)
    {
        lock (_lock)
        {
            if (!_channels.ContainsKey(channelArn))
            {
                throw NoSuch(channelArn);
            }

            // IVS's quota: one stream key per channel.
            if (_keys.Values.Any(k => k.ChannelArn == channelArn))
            {
                throw new AwsApiException(HttpStatusCode.PaymentRequired, "ServiceQuotaExceededException", "Request would cause a service quota to be exceeded: a channel has one stream key at most.");
            }

            return NewKey(channelArn, tags);
        }
    }

    /// <summary>The channel's keys without their values, as ListStreamKeys gives them.</summary>
    public IReadOnlyList<StreamKey> ListStreamKeys(string channelArn)
    {
        lock (_lock)
        {
            if (!_channels.ContainsKey(channelArn))
            {
                throw NoSuch(channelArn);
            }

            return [.. _keys.Values.Where(k => k.ChannelArn == channelArn).Select(k => k with { Value = null })];
        }
    }

    public StreamKey GetStreamKey(string arn)
    {
        lock (_lock)
        {
            return _keys.GetValueOrDefault(arn) ?? throw NoSuch(arn);
        }
    }

    public void DeleteStreamKey(string arn)
    {
        lock (_lock)
        {
            if (!_keys.Remove(arn))
            {
                throw NoSuch(arn);
            }
        }
    }

    /// <summary>Nothing is pushed to an emulated channel yet: a channel that exists is offline.</summary>
    public Broadcast GetStream(string channelArn)
    {
        lock (_lock)
        {
            if (!_channels.ContainsKey(channelArn))
            {
                throw NoSuch(channelArn);
            }
        }

        throw new AwsApiException(HttpStatusCode.NotFound, "ChannelNotBroadcasting", $"The stream is offline for the given channel ARN: {channelArn}");
    }

    public IReadOnlyDictionary<string, string> ListTags(string arn)
    {
        lock (_lock)
        {
            return Tags(arn);
        }
    }

    public void Tag(string arn, IReadOnlyDictionary<string, string> tags)
    {
        lock (_lock)
        {
            Retag(arn, [.. Tags(arn).Concat(tags).GroupBy(t => t.Key).Select(g => g.Last())]);
        }
    }

    public void Untag(string arn, IReadOnlyCollection<string> keys)
    {
        lock (_lock)
        {
            Retag(arn, [.. Tags(arn).Where(t => !keys.Contains(t.Key))]);
        }
    }

    /// <summary>Every channel, for the sandbox's inventory.</summary>
    public IReadOnlyList<Channel> Channels
    {
        get
        {
            lock (_lock)
            {
                return [.. _channels.Values];
            }
        }
    }

    private StreamKey NewKey(string channelArn, IReadOnlyDictionary<string, string>? tags)
    {
        var key = new StreamKey($"arn:aws:ivs:{options.Region}:{options.AccountId}:stream-key/{Random(12)}", $"sk_{options.Region}_{Random(36)}", channelArn, Copy(tags));
        _keys[key.Arn] = key;
        return key;
    }

    private IReadOnlyDictionary<string, string> Tags(string arn) =>
        _channels.GetValueOrDefault(arn)?.Tags ?? _keys.GetValueOrDefault(arn)?.Tags ?? throw NoSuch(arn);

    private void Retag(string arn, List<KeyValuePair<string, string>> tags)
    {
        var copy = tags.ToDictionary();
        if (_channels.TryGetValue(arn, out var channel))
        {
            _channels[arn] = channel with { Tags = copy };
        }
        else
        {
            _keys[arn] = _keys[arn] with { Tags = copy };
        }
    }

    private static AwsApiException NoSuch(string arn) => AwsApiException.ResourceNotFound($"ResourceNotFoundException: no resource {arn}");

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? tags) => tags is null ? [] : new(tags);

    private static string Random(int length) => RandomNumberGenerator.GetString(Alphanumeric, length);
}
