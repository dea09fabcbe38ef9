using System.Security.Cryptography;
using System.Xml.Linq;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>A public key CloudFront verifies signed URLs and cookies with, as uploaded (its config) and as parsed.</summary>
internal sealed class PublicKeyEntry(string id, XElement config, RSA key, DateTimeOffset created, string etag)
{
    public string Id { get; } = id;

    public XElement Config { get; } = config;

    public RSA Key { get; } = key;

    public DateTimeOffset Created { get; } = created;

    public string ETag { get; } = etag;
}

/// <summary>A key group: the public keys a cache behavior trusts, by id.</summary>
internal sealed class KeyGroupEntry(string id, XElement config, DateTimeOffset modified, string etag)
{
    public string Id { get; } = id;

    public XElement Config { get; set; } = config;

    public DateTimeOffset Modified { get; set; } = modified;

    public string ETag { get; set; } = etag;
}
