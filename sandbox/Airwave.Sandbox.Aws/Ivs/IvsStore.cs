using System.Net;
using Airwave.Aws.Ivs;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// IVS channels and their stream keys, as the service keeps them: ids are the service's, a channel is made with one
/// stream key (and may have no more), deleting a channel deletes its keys, and a channel broadcasts nothing until
/// something pushes to it (GetStream: ChannelNotBroadcasting); a live channel cannot be deleted (ConflictException)
/// until StopStream ends its broadcast. A channel records with the recording configuration it names, which must exist.
/// Each channel's ingest is a loopback port of its own (the endpoint names it,
/// where the service's names none and means 443) and its playback URL is on the emulator's port, at the service's path.
/// </summary>
internal sealed class IvsStore(AwsEmulatorOptions options, IvsRecordingConfigurations recordings, IvsPlaybackKeys playbackKeys)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Channel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ingestPorts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Broadcast> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopsAsked = new(StringComparer.Ordinal);

    public CreateChannelResponse CreateChannel(CreateChannelRequest request)
    {
        var type = request.Type ?? "STANDARD";
        RequireRecordingConfiguration(request.RecordingConfigurationArn);
        var id = IvsIds.New(12);
        var arn = $"arn:aws:ivs:{options.Region}:{options.AccountId}:channel/{id}";
        var port = LoopbackPorts.Reserve();
        var host = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        var channel = new Channel(
            arn,
            request.Name ?? "",
            request.LatencyMode ?? "LOW",
            type,
            request.Authorized ?? false,
            $"{host}:{port}",
            $"{options.BaseAddress}{IvsPlayback.PathPrefix}{PlaybackName(id)}.m3u8",
            request.InsecureIngest ?? false,
            type.StartsWith("ADVANCED", StringComparison.Ordinal) ? "HIGHER_BANDWIDTH_DELIVERY" : "",
            request.RecordingConfigurationArn ?? "",
            Copy(request.Tags));
        lock (_lock)
        {
            _channels[arn] = channel;
            _ingestPorts[arn] = port;
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

    /// <summary>Changes what the request names; a live channel is refused, as the service refuses it.</summary>
    public Channel UpdateChannel(UpdateChannelRequest request)
    {
        RequireRecordingConfiguration(request.RecordingConfigurationArn);
        lock (_lock)
        {
            var channel = _channels.GetValueOrDefault(request.Arn) ?? throw NoSuch(request.Arn);
            if (_live.ContainsKey(request.Arn))
            {
                throw AwsApiException.Conflict($"Unable to update channel {request.Arn}: it is live. Stop the stream first.");
            }

            var type = request.Type ?? channel.Type;
            channel = channel with
            {
                LatencyMode = request.LatencyMode ?? channel.LatencyMode,
                Type = type,
                Authorized = request.Authorized ?? channel.Authorized,
                RecordingConfigurationArn = request.RecordingConfigurationArn ?? channel.RecordingConfigurationArn,
                Preset = type?.StartsWith("ADVANCED", StringComparison.Ordinal) == true ? channel.Preset is { Length: > 0 } preset ? preset : "HIGHER_BANDWIDTH_DELIVERY" : "",
            };
            _channels[request.Arn] = channel;
            return channel;
        }
    }

    public void DeleteChannel(string arn)
    {
        lock (_lock)
        {
            if (!_channels.ContainsKey(arn))
            {
                throw NoSuch(arn);
            }
            if (_live.ContainsKey(arn))
            {
                throw AwsApiException.Conflict($"Unable to delete channel {arn}: it is live. Call StopStream and wait for the stream to end first.");
            }

            _channels.Remove(arn);
            _ingestPorts.Remove(arn);
            _stopsAsked.Remove(arn);

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

    /// <summary>The channel's broadcast while media reaches its ingest; offline otherwise.</summary>
    public Broadcast GetStream(string channelArn)
    {
        lock (_lock)
        {
            if (!_channels.ContainsKey(channelArn))
            {
                throw NoSuch(channelArn);
            }

            return _live.GetValueOrDefault(channelArn) ?? throw Offline(channelArn);
        }
    }

    /// <summary>Ends the live broadcast: the publisher is disconnected (and may connect again, as with IVS).</summary>
    public void StopStream(string channelArn)
    {
        lock (_lock)
        {
            if (!_channels.ContainsKey(channelArn))
            {
                throw NoSuch(channelArn);
            }

            if (!_live.ContainsKey(channelArn))
            {
                throw Offline(channelArn);
            }

            _stopsAsked.Add(channelArn);
        }
    }

    /// <summary>Whether a channel names the recording configuration.</summary>
    public bool UsesRecordingConfiguration(string arn)
    {
        lock (_lock)
        {
            return _channels.Values.Any(c => c.RecordingConfigurationArn == arn);
        }
    }

    /// <summary>What the ingest side needs of each channel: its port, the stream key it lets in, where it plays, what records it.</summary>
    public IReadOnlyList<IvsIngest> Ingests
    {
        get
        {
            lock (_lock)
            {
                return [.. _channels.Values.Select(c => new IvsIngest(
                    c.Arn,
                    _ingestPorts[c.Arn],
                    _keys.Values.FirstOrDefault(k => k.ChannelArn == c.Arn)?.Value,
                    PlaybackName(Channel.IdOf(c.Arn)),
                    c.RecordingConfigurationArn is { Length: > 0 } recording ? recording : null))];
            }
        }
    }

    /// <summary>The ingest's report: the channel is live since <paramref name="since"/>, or offline when null.</summary>
    public void Broadcasting(string channelArn, DateTimeOffset? since)
    {
        lock (_lock)
        {
            if (since is null || !_channels.TryGetValue(channelArn, out var channel))
            {
                _live.Remove(channelArn);
                return;
            }

            if (_live.GetValueOrDefault(channelArn) is not { } current || current.StartTime > since || since - current.StartTime >= TimeSpan.FromSeconds(1))
            {
                // IVS gives whole seconds.
                var start = since.Value.AddTicks(-(since.Value.UtcTicks % TimeSpan.TicksPerSecond));
                _live[channelArn] = new Broadcast(channelArn, $"st-{IvsIds.New(24)}", channel.PlaybackUrl, start, "LIVE", "HEALTHY", 0);
            }
        }
    }

    public bool IsLive(string channelArn)
    {
        lock (_lock)
        {
            return _live.ContainsKey(channelArn);
        }
    }

    /// <summary>Takes the StopStream calls made since the last look.</summary>
    public IReadOnlyList<string> TakeStopsAsked()
    {
        lock (_lock)
        {
            var asked = _stopsAsked.ToList();
            _stopsAsked.Clear();
            return asked;
        }
    }

    /// <summary>The channel whose playback URL ends in <paramref name="playbackName"/>.m3u8; null when none does.</summary>
    public Channel? FindByPlaybackName(string playbackName)
    {
        lock (_lock)
        {
            return _channels.Values.FirstOrDefault(c => PlaybackName(Channel.IdOf(c.Arn)) == playbackName);
        }
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
        var key = new StreamKey($"arn:aws:ivs:{options.Region}:{options.AccountId}:stream-key/{IvsIds.New(12)}", $"sk_{options.Region}_{IvsIds.New(36)}", channelArn, Copy(tags));
        _keys[key.Arn] = key;
        return key;
    }

    private IReadOnlyDictionary<string, string> Tags(string arn) =>
        _channels.GetValueOrDefault(arn)?.Tags ?? _keys.GetValueOrDefault(arn)?.Tags ?? playbackKeys.TagsOf(arn) ?? recordings.TagsOf(arn) ?? throw NoSuch(arn);

    private void Retag(string arn, List<KeyValuePair<string, string>> tags)
    {
        var copy = tags.ToDictionary();
        if (_channels.TryGetValue(arn, out var channel))
        {
            _channels[arn] = channel with { Tags = copy };
        }
        else if (_keys.TryGetValue(arn, out var key))
        {
            _keys[arn] = key with { Tags = copy };
        }
        else if (playbackKeys.TagsOf(arn) is not null)
        {
            playbackKeys.Retag(arn, copy);
        }
        else
        {
            recordings.Retag(arn, copy);
        }
    }

    /// <summary>Refuses a recording configuration that does not exist; checked before the store's lock is taken, as deleting one asks the store.</summary>
    private void RequireRecordingConfiguration(string? arn)
    {
        if (arn is { Length: > 0 } && recordings.Find(arn) is null)
        {
            throw AwsApiException.ResourceNotFound($"ResourceNotFoundException: no recording configuration {arn}");
        }
    }

    private string PlaybackName(string id) => $"{options.Region}.{options.AccountId}.channel.{id}";

    private static AwsApiException Offline(string channelArn) =>
        new(HttpStatusCode.NotFound, "ChannelNotBroadcasting", $"The stream is offline for the given channel ARN: {channelArn}");

    private static AwsApiException NoSuch(string arn) => AwsApiException.ResourceNotFound($"ResourceNotFoundException: no resource {arn}");

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? tags) => tags is null ? [] : new(tags);

}

/// <summary>
/// One channel's ingest: the loopback port it takes RTMPS on, the stream key it admits (none once deleted), the name
/// its playback is served under, and the recording configuration its broadcasts are recorded with (if any).
/// </summary>
internal sealed record IvsIngest(string ChannelArn, int Port, string? StreamKey, string PlaybackName, string? RecordingConfigurationArn);

