using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// Public keys and key groups: what a cache behavior's TrustedKeyGroups name, so that the edge serves it only to
/// requests signed with a private key whose public key is in one of them. CloudFront takes RSA keys (PEM) alone,
/// refuses a key group of keys it does not have, a public key still in a key group, and a key group a distribution
/// still trusts.
/// </summary>
internal sealed partial class CloudFrontStore
{
    // CloudFront's quotas: public keys per account, keys per key group, key groups per account.
    private const int MaxPublicKeys = 10;
    private const int MaxKeysPerGroup = 5;
    private const int MaxKeyGroups = 10;

    private readonly Dictionary<string, PublicKeyEntry> _publicKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyGroupEntry> _keyGroups = new(StringComparer.Ordinal);

    /// <summary>
    /// Signed playback of VideoAssets, as a platform team sets it up: the public key of the sandbox's video signing key
    /// in a key group, trusted by the video distribution's behavior for the signed videos' key prefix (returned).
    /// </summary>
    private XElement SignedVideosBehavior(AwsEmulatorOptions options)
    {
        var pem = options.PlaybackSigningKey.ExportSubjectPublicKeyInfoPem();
        var config = E("PublicKeyConfig", E("CallerReference", "airwave-sandbox-video-signer"), E("Name", "airwave-sandbox-video-signer"), E("EncodedKey", pem), E("Comment", "signs playback of Signed VideoAssets"));
        _publicKeys[options.PlaybackKeyPairId] = new PublicKeyEntry(options.PlaybackKeyPairId, config, ParsePublicKey(pem), Now, ResourceIds.CloudFront());
        var group = E("KeyGroupConfig", E("Name", "airwave-sandbox-video-signers"), E("Items", E("PublicKey", options.PlaybackKeyPairId)), E("Comment", "trusted for Signed VideoAssets"));
        _keyGroups[options.PlaybackKeyGroupId] = new KeyGroupEntry(options.PlaybackKeyGroupId, group, Now, ResourceIds.CloudFront());
        return E("CacheBehavior", E("PathPattern", options.SignedVideoKeyPrefix + "*"), BehaviorContent("videos", options.PlaybackKeyGroupId));
    }

    public (XElement Body, string ETag, string Id) CreatePublicKey(string body)
    {
        var config = ParseConfig(body, "PublicKeyConfig");
        var key = ParsePublicKey(Value(config, "EncodedKey"));
        lock (_lock)
        {
            var reference = Value(config, "CallerReference");
            if (_publicKeys.Values.FirstOrDefault(k => Value(k.Config, "CallerReference") == reference) is { } existing)
            {
                throw new AwsApiException(HttpStatusCode.Conflict, "PublicKeyAlreadyExists", $"A public key with the caller reference {reference} already exists: {existing.Id}.");
            }

            if (_publicKeys.Count >= MaxPublicKeys)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "TooManyPublicKeys", $"The maximum number of public keys ({MaxPublicKeys}) has been reached.");
            }

            var entry = new PublicKeyEntry("K" + ResourceIds.CloudFront()[1..], config, key, Now, ResourceIds.CloudFront());
            _publicKeys[entry.Id] = entry;
            return (PublicKeyXml(entry), entry.ETag, entry.Id);
        }
    }

    public (XElement Body, string ETag) GetPublicKey(string id)
    {
        lock (_lock)
        {
            var entry = FindPublicKey(id);
            return (PublicKeyXml(entry), entry.ETag);
        }
    }

    public XElement ListPublicKeys(string? marker, string? maxItems)
    {
        lock (_lock)
        {
            return ListXml("PublicKeyList", [.. _publicKeys.Values], k => k.Id, k => E("PublicKeySummary",
                E("Id", k.Id),
                E("Name", Value(k.Config, "Name")),
                E("CreatedTime", Timestamp(k.Created)),
                E("EncodedKey", Value(k.Config, "EncodedKey")),
                k.Config.Element(CloudFrontXml.Name("Comment")) is { } comment ? E("Comment", comment.Value) : null), marker, maxItems, policyList: true);
        }
    }

    public void DeletePublicKey(string id, string? ifMatch)
    {
        lock (_lock)
        {
            var entry = FindPublicKey(id);
            CheckIfMatch(ifMatch, entry.ETag);
            if (_keyGroups.Values.Any(g => KeysOf(g.Config).Contains(id)))
            {
                throw new AwsApiException(HttpStatusCode.Conflict, "PublicKeyInUse", $"The public key {id} is in a key group; take it out of the key group first.");
            }

            _publicKeys.Remove(id);
            entry.Key.Dispose();
        }
    }

    public (XElement Body, string ETag, string Id) CreateKeyGroup(string body)
    {
        var config = ParseConfig(body, "KeyGroupConfig");
        lock (_lock)
        {
            ValidateKeyGroup(config, except: null);
            if (_keyGroups.Count >= MaxKeyGroups)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "TooManyKeyGroups", $"The maximum number of key groups ({MaxKeyGroups}) has been reached.");
            }

            var entry = new KeyGroupEntry(Guid.NewGuid().ToString(), config, Now, ResourceIds.CloudFront());
            _keyGroups[entry.Id] = entry;
            return (KeyGroupXml(entry), entry.ETag, entry.Id);
        }
    }

    public (XElement Body, string ETag) GetKeyGroup(string id)
    {
        lock (_lock)
        {
            var entry = FindKeyGroup(id);
            return (KeyGroupXml(entry), entry.ETag);
        }
    }

    public XElement ListKeyGroups(string? marker, string? maxItems)
    {
        lock (_lock)
        {
            return ListXml("KeyGroupList", [.. _keyGroups.Values], g => g.Id, g => E("KeyGroupSummary", KeyGroupXml(g)), marker, maxItems, policyList: true);
        }
    }

    public (XElement Body, string ETag) UpdateKeyGroup(string id, string body, string? ifMatch)
    {
        var config = ParseConfig(body, "KeyGroupConfig");
        lock (_lock)
        {
            var entry = FindKeyGroup(id);
            CheckIfMatch(ifMatch, entry.ETag);
            ValidateKeyGroup(config, except: id);
            entry.Config = config;
            entry.Modified = Now;
            entry.ETag = ResourceIds.CloudFront();
            return (KeyGroupXml(entry), entry.ETag);
        }
    }

    public void DeleteKeyGroup(string id, string? ifMatch)
    {
        lock (_lock)
        {
            var entry = FindKeyGroup(id);
            CheckIfMatch(ifMatch, entry.ETag);
            if (_distributions.Values.Any(d => BehaviorsOf(d.Config).Any(b => TrustedKeyGroupsOf(b).Contains(id))))
            {
                throw new AwsApiException(HttpStatusCode.Conflict, "ResourceInUse", $"The key group {id} is trusted by a distribution's cache behavior; remove it there first.");
            }

            _keyGroups.Remove(id);
        }
    }

    /// <summary>
    /// The public key <paramref name="keyPairId"/> when one of <paramref name="keyGroups"/> holds it, or null: what the
    /// edge verifies a signature with.
    /// </summary>
    public RSA? TrustedKey(IEnumerable<string> keyGroups, string keyPairId)
    {
        lock (_lock)
        {
            return keyGroups.Any(g => _keyGroups.TryGetValue(g, out var group) && KeysOf(group.Config).Contains(keyPairId))
                && _publicKeys.TryGetValue(keyPairId, out var key)
                ? key.Key
                : null;
        }
    }

    /// <summary>
    /// The key groups the distribution's cache behavior of <paramref name="pathPattern"/> trusts (the default
    /// behavior's when null); none when the behavior serves anyone.
    /// </summary>
    public IReadOnlyList<string> TrustedKeyGroups(string distributionId, string? pathPattern)
    {
        lock (_lock)
        {
            if (!_distributions.TryGetValue(distributionId, out var entry))
            {
                return [];
            }

            var behavior = pathPattern is null
                ? entry.Config.Element(CloudFrontXml.Name("DefaultCacheBehavior"))
                : BehaviorsOf(entry.Config).FirstOrDefault(b => Value(b, "PathPattern") == pathPattern);
            return behavior is null ? [] : TrustedKeyGroupsOf(behavior);
        }
    }

    /// <summary>The key groups a cache behavior trusts (none when its TrustedKeyGroups are not enabled).</summary>
    public static IReadOnlyList<string> TrustedKeyGroupsOf(XElement behavior)
    {
        var trusted = behavior.Element(CloudFrontXml.Name("TrustedKeyGroups"));
        return trusted is not null && Value(trusted, "Enabled") == "true"
            ? [.. trusted.Element(CloudFrontXml.Name("Items"))?.Elements().Select(e => e.Value) ?? []]
            : [];
    }

    /// <summary>Called under the lock from Validate: an enabled TrustedKeyGroups names key groups that exist.</summary>
    private void ValidateTrustedKeyGroups(XElement behavior)
    {
        var trusted = behavior.Element(CloudFrontXml.Name("TrustedKeyGroups"));
        if (trusted is null || Value(trusted, "Enabled") != "true")
        {
            return;
        }

        var groups = TrustedKeyGroupsOf(behavior);
        if (groups.Count == 0)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "TrustedKeyGroups is enabled but names no key group.");
        }

        if (groups.FirstOrDefault(g => !_keyGroups.ContainsKey(g)) is { } missing)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "TrustedKeyGroupDoesNotExist", $"The key group {missing} does not exist.");
        }
    }

    private void ValidateKeyGroup(XElement config, string? except)
    {
        var name = Value(config, "Name");
        if (_keyGroups.Values.Any(g => g.Id != except && Value(g.Config, "Name") == name))
        {
            throw new AwsApiException(HttpStatusCode.Conflict, "KeyGroupAlreadyExists", $"A key group named {name} already exists.");
        }

        var keys = KeysOf(config);
        if (keys.Count == 0)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "A key group needs at least one public key.");
        }

        if (keys.Count > MaxKeysPerGroup)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "TooManyPublicKeysInKeyGroup", $"A key group holds at most {MaxKeysPerGroup} public keys.");
        }

        if (keys.FirstOrDefault(k => !_publicKeys.ContainsKey(k)) is { } unknown)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"The public key {unknown} does not exist.");
        }
    }

    private static List<string> KeysOf(XElement keyGroupConfig) =>
        [.. keyGroupConfig.Element(CloudFrontXml.Name("Items"))?.Elements().Select(e => e.Value) ?? []];

    /// <summary>An RSA public key in PEM, as CloudFront takes it (2048 bits); anything else is an invalid argument.</summary>
    private static RSA ParsePublicKey(string pem)
    {
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException)
        {
            key.Dispose();
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", "Invalid request: the EncodedKey is not an RSA public key in PEM format.");
        }

        if (key.KeySize != 2048)
        {
            key.Dispose();
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"Invalid request: the public key is {key.KeySize} bits; CloudFront takes 2048-bit RSA keys.");
        }

        return key;
    }

    private PublicKeyEntry FindPublicKey(string id) =>
        _publicKeys.GetValueOrDefault(id)
        ?? throw new AwsApiException(HttpStatusCode.NotFound, "NoSuchPublicKey", "The specified public key does not exist.");

    private KeyGroupEntry FindKeyGroup(string id) =>
        _keyGroups.GetValueOrDefault(id)
        ?? throw new AwsApiException(HttpStatusCode.NotFound, "NoSuchResource", "A resource that was specified is not valid.");

    private static XElement PublicKeyXml(PublicKeyEntry entry) =>
        E("PublicKey", E("Id", entry.Id), E("CreatedTime", Timestamp(entry.Created)), new XElement(entry.Config));

    private static XElement KeyGroupXml(KeyGroupEntry entry) =>
        E("KeyGroup", E("Id", entry.Id), E("LastModifiedTime", Timestamp(entry.Modified)), new XElement(entry.Config));
}
