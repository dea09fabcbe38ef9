using System.Text.RegularExpressions;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws.Media;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.SecretsManager;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.MediaPackage;

/// <summary>
/// MediaPackage v1 channels and origin endpoints. Ids are the caller's; creates and deletes take effect at once. An
/// endpoint's CDN authorization names a secret of the emulator's Secrets Manager, read when a request comes
/// (<see cref="CdnIdentifierOf"/>).
/// </summary>
internal sealed partial class MediaPackageStore(AwsEmulatorOptions options, SecretStore secrets)
{
    private const int MaxStartoverWindowSeconds = 1_209_600;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Channel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OriginEndpoint> _endpoints = new(StringComparer.Ordinal);

    public Channel CreateChannel(CreateChannelRequest request)
    {
        lock (_lock)
        {
            ValidateId(request.Id, "channel");
            if (_channels.ContainsKey(request.Id))
            {
                throw AwsApiException.Unprocessable($"Channel with id {request.Id} already exists.");
            }
            // Ingest URLs are the emulator's own, where IngestServer takes WebDAV pushes.
            var channelHash = ResourceIds.Hex32();
            var ingest = Enumerable.Range(0, 2).Select(_ =>
            {
                var id = ResourceIds.Hex32();
                return new IngestEndpoint(id, $"{options.BaseAddress}in/v2/{channelHash}/{id}/channel", ResourceIds.Hex32(), ResourceIds.Password());
            }).ToList();
            var channel = new Channel(request.Id, Arn("channels"), request.Description, new HlsIngest(ingest), Copy(request.Tags));
            _channels[request.Id] = channel;
            return channel;
        }
    }

    public Channel DescribeChannel(string id)
    {
        lock (_lock)
        {
            return _channels.GetValueOrDefault(id) ?? throw AwsApiException.NotFound($"Channel {id} not found.");
        }
    }

    /// <summary>Only the description can change; one left out stays as it was.</summary>
    public Channel UpdateChannel(string id, UpdateChannelRequest request)
    {
        lock (_lock)
        {
            var channel = _channels.GetValueOrDefault(id) ?? throw AwsApiException.NotFound($"Channel {id} not found.");
            var updated = channel with { Description = request.Description ?? channel.Description };
            _channels[id] = updated;
            return updated;
        }
    }

    public IReadOnlyList<Channel> ListChannels()
    {
        lock (_lock)
        {
            return [.. _channels.Values];
        }
    }

    public void DeleteChannel(string id)
    {
        lock (_lock)
        {
            if (!_channels.ContainsKey(id))
            {
                throw AwsApiException.NotFound($"Channel {id} not found.");
            }
            var endpoints = _endpoints.Values.Where(e => e.ChannelId == id).Select(e => e.Id).ToList();
            if (endpoints.Count > 0)
            {
                throw AwsApiException.Unprocessable($"Channel {id} still has origin endpoints ({string.Join(", ", endpoints)}); delete them first.");
            }
            _channels.Remove(id);
        }
    }

    public OriginEndpoint CreateEndpoint(CreateOriginEndpointRequest request)
    {
        lock (_lock)
        {
            ValidateId(request.Id, "origin endpoint");
            if (request.ChannelId is null || !_channels.ContainsKey(request.ChannelId))
            {
                throw AwsApiException.Unprocessable($"Channel {request.ChannelId} does not exist.");
            }
            if (_endpoints.ContainsKey(request.Id))
            {
                throw AwsApiException.Unprocessable($"Origin endpoint with id {request.Id} already exists.");
            }
            ValidatePackaging(request.HlsPackage, request.StartoverWindowSeconds);
            ValidateAuthorization(request.Authorization);
            var manifest = request.ManifestName ?? "index";
            var endpoint = new OriginEndpoint(
                request.Id,
                Arn("origin_endpoints"),
                request.ChannelId,
                request.Description,
                request.HlsPackage,
                manifest,
                request.StartoverWindowSeconds ?? 0,
                request.TimeDelaySeconds ?? 0,
                "ALLOW",
                // The playback URL is the emulator's own, where OriginEndpoints serves the channel's live stream.
                $"{options.BaseAddress}out/v1/{ResourceIds.Hex32()}/{manifest}.m3u8",
                Copy(request.Tags),
                request.Authorization);
            _endpoints[request.Id] = endpoint;
            return endpoint;
        }
    }

    public OriginEndpoint DescribeEndpoint(string id)
    {
        lock (_lock)
        {
            return Endpoint(id);
        }
    }

    public IReadOnlyList<OriginEndpoint> ListEndpoints(string? channelId)
    {
        lock (_lock)
        {
            return _endpoints.Values.Where(e => channelId is null || e.ChannelId == channelId).ToList();
        }
    }

    /// <summary>The channel and ingest endpoint whose URL lives under this path (<c>/in/v2/{hash}/{id}/</c>).</summary>
    public (string ChannelId, IngestEndpoint Endpoint)? FindIngest(string directory)
    {
        lock (_lock)
        {
            return _channels.Values
                .SelectMany(c => (c.HlsIngest?.IngestEndpoints ?? []).Select(e => (c.Id, e)))
                .Where(pair => new Uri(pair.e.Url).AbsolutePath.StartsWith(directory, StringComparison.Ordinal))
                .Select(pair => ((string, IngestEndpoint)?)(pair.Id, pair.e))
                .FirstOrDefault();
        }
    }

    /// <summary>The endpoint whose playback URL lives under this path (<c>/out/v1/{hash}/</c>).</summary>
    public OriginEndpoint? FindEndpointByPath(string directory)
    {
        lock (_lock)
        {
            return _endpoints.Values.FirstOrDefault(e => new Uri(e.Url).AbsolutePath.StartsWith(directory, StringComparison.Ordinal));
        }
    }

    /// <summary>How the channel's live stream must be cut and kept for all its endpoints: their shortest segments, their longest window.</summary>
    public LivePackaging PackagingOf(string channelId)
    {
        lock (_lock)
        {
            var endpoints = _endpoints.Values.Where(e => e.ChannelId == channelId).ToList();
            return endpoints.Count == 0
                ? LivePackaging.Default
                : new LivePackaging(
                    endpoints.Min(e => e.HlsPackage?.SegmentDurationSeconds ?? LivePackaging.Default.SegmentSeconds),
                    endpoints.Max(e => Math.Max(e.StartoverWindowSeconds ?? 0, e.HlsPackage?.PlaylistWindowSeconds ?? LivePackaging.Default.RetentionSeconds)));
        }
    }

    public OriginEndpoint UpdateEndpoint(string id, UpdateOriginEndpointRequest request)
    {
        lock (_lock)
        {
            var endpoint = Endpoint(id);
            ValidatePackaging(request.HlsPackage ?? endpoint.HlsPackage, request.StartoverWindowSeconds ?? endpoint.StartoverWindowSeconds);
            ValidateAuthorization(request.Authorization);
            var updated = endpoint with
            {
                Authorization = request.Authorization ?? endpoint.Authorization,
                HlsPackage = request.HlsPackage ?? endpoint.HlsPackage,
                Description = request.Description ?? endpoint.Description,
                StartoverWindowSeconds = request.StartoverWindowSeconds ?? endpoint.StartoverWindowSeconds,
                TimeDelaySeconds = request.TimeDelaySeconds ?? endpoint.TimeDelaySeconds,
            };
            _endpoints[id] = updated;
            return updated;
        }
    }

    public void DeleteEndpoint(string id)
    {
        lock (_lock)
        {
            _endpoints.Remove(Endpoint(id).Id);
        }
    }

    /// <summary>
    /// The identifier a request to an endpoint with CDN authorization must carry: the current value of its secret's
    /// <c>MediaPackageCDNIdentifier</c>; null when the secret is gone or holds none, so that nothing matches.
    /// </summary>
    public string? CdnIdentifierOf(CdnAuthorization authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        try
        {
            using var value = System.Text.Json.JsonDocument.Parse(secrets.Find(authorization.CdnIdentifierSecret).Current?.SecretString ?? "{}");
            return value.RootElement.TryGetProperty(CdnAuthorization.SecretField, out var identifier) && identifier.ValueKind == System.Text.Json.JsonValueKind.String ? identifier.GetString() : null;
        }
        catch (Exception e) when (e is AwsApiException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>MediaPackage reads the secret when the endpoint is made or changed: a secret it cannot find is refused then.</summary>
    private void ValidateAuthorization(CdnAuthorization? authorization)
    {
        if (authorization is null)
        {
            return;
        }

        if (!RoleArn().IsMatch(authorization.SecretsRoleArn ?? ""))
        {
            throw AwsApiException.Unprocessable($"Invalid SecretsRoleArn: {authorization.SecretsRoleArn} is not an IAM role ARN.");
        }

        try
        {
            secrets.Find(authorization.CdnIdentifierSecret ?? "");
        }
        catch (AwsApiException)
        {
            throw AwsApiException.Unprocessable($"Invalid CdnIdentifierSecret: the secret {authorization.CdnIdentifierSecret} was not found with role {authorization.SecretsRoleArn}.");
        }
    }

    [GeneratedRegex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")]
    private static partial Regex RoleArn();

    private OriginEndpoint Endpoint(string id) =>
        _endpoints.GetValueOrDefault(id) ?? throw AwsApiException.NotFound($"Origin endpoint {id} not found.");

    private static void ValidatePackaging(HlsPackage? package, int? startoverWindowSeconds)
    {
        if (package is null)
        {
            throw AwsApiException.Unprocessable("An HLS package is required.");
        }
        if (startoverWindowSeconds is < 0 or > MaxStartoverWindowSeconds)
        {
            throw AwsApiException.Unprocessable($"startoverWindowSeconds must be between 0 and {MaxStartoverWindowSeconds}.");
        }
        if (package.SegmentDurationSeconds is < 1 or > 30)
        {
            throw AwsApiException.Unprocessable("segmentDurationSeconds must be between 1 and 30.");
        }
        if (package.Encryption is { } encryption)
        {
            var speke = encryption.SpekeKeyProvider;
            if (speke is null || string.IsNullOrEmpty(speke.Url) || string.IsNullOrEmpty(speke.ResourceId) || string.IsNullOrEmpty(speke.RoleArn) || speke.SystemIds is not { Count: > 0 })
            {
                throw AwsApiException.Unprocessable("encryption.spekeKeyProvider needs url, resourceId, roleArn and systemIds.");
            }
            if (encryption.KeyRotationIntervalSeconds is < 0 or > 31_536_000)
            {
                throw AwsApiException.Unprocessable("keyRotationIntervalSeconds must be between 0 and 31536000.");
            }
            if (encryption.EncryptionMethod is not (null or "AES_128" or "SAMPLE_AES"))
            {
                throw AwsApiException.Unprocessable($"encryptionMethod '{encryption.EncryptionMethod}' is not one of AES_128, SAMPLE_AES.");
            }
            if (encryption.EncryptionMethod is "SAMPLE_AES" && !speke.SystemIds.Contains(Cpix.FairPlaySystemId, StringComparer.OrdinalIgnoreCase))
            {
                throw AwsApiException.Unprocessable($"encryptionMethod SAMPLE_AES is FairPlay's: systemIds must include {Cpix.FairPlaySystemId}.");
            }
        }
    }

    private static void ValidateId(string? id, string kind)
    {
        if (id is null || !IdPattern().IsMatch(id))
        {
            throw AwsApiException.Unprocessable($"The {kind} id '{id}' is not valid: use 1 to 256 letters, digits, '_' or '-'.");
        }
    }

    private string Arn(string collection) => $"arn:aws:mediapackage:{options.Region}:{options.AccountId}:{collection}/{ResourceIds.Hex32()}";

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? tags) => tags is null ? [] : new(tags);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex IdPattern();
}
