using System.Text;
using System.Xml.Linq;
using Airwave.Aws.MediaPackage;

namespace Airwave.Webhook.ContentKeys;

/// <summary>What a key request was refused for: SPEKE answers 422 with the message.</summary>
public sealed class SpekeRequestException(string message) : Exception(message);

/// <summary>
/// An encryptor's key request (a CPIX document) for HLS AES-128, SPEKE v1 as MediaPackage's HLS endpoints send it or
/// v2.0 (CPIX 2.3): its content id, the key ids it asks keys for, and the DRM systems it asks signaling for.
/// </summary>
public sealed class SpekeRequest
{
    private const int MaxKeys = 64;
    private const int MaxContentIdLength = 256;

    private readonly XDocument _document;

    private SpekeRequest(XDocument document, bool v2, string contentId, IReadOnlyList<Guid> keyIds)
    {
        (_document, IsV2, ContentId, KeyIds) = (document, v2, contentId, keyIds);
    }

    /// <summary>Whether the request is SPEKE v2.0 (it said so in <see cref="Cpix.VersionHeader"/>); else v1.</summary>
    public bool IsV2 { get; }

    public string ContentId { get; }

    public IReadOnlyList<Guid> KeyIds { get; }

    /// <summary>The request, checked as SPEKE says a key provider checks it.</summary>
    /// <exception cref="SpekeRequestException">What is wrong with it.</exception>
    public static SpekeRequest Parse(XDocument document, string? spekeVersion)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.Root;
        if (root?.Name != Cpix.Namespace + "CPIX")
        {
            throw new SpekeRequestException("The body is not a CPIX document (a cpix:CPIX element in urn:dashif:org:cpix).");
        }

        var v2 = spekeVersion is not null;
        if (v2 && spekeVersion != Cpix.SpekeVersion)
        {
            throw new SpekeRequestException("Unsupported SPEKE version");
        }

        string contentId;
        if (v2)
        {
            contentId = (string?)root.Attribute("contentId") ?? throw new SpekeRequestException("Missing CPIX@contentId");
            var version = (string?)root.Attribute("version") ?? throw new SpekeRequestException("Missing CPIX@version");
            if (version != Cpix.CpixVersion)
            {
                throw new SpekeRequestException("Unsupported CPIX@version");
            }
        }
        else
        {
            contentId = (string?)root.Attribute("id") ?? throw new SpekeRequestException("Missing CPIX@id");
        }

        if (!IsContentId(contentId))
        {
            throw new SpekeRequestException($"The content id must have 1 to {MaxContentIdLength} characters, none of them /, %, ?, # or spaces.");
        }

        if (root.Element(Cpix.Namespace + "DeliveryDataList") is not null)
        {
            throw new SpekeRequestException("Content key encryption (DeliveryDataList) is not supported: keys are returned in PlainValue over HTTPS.");
        }

        var keys = root.Elements(Cpix.Namespace + "ContentKeyList").Elements(Cpix.Namespace + "ContentKey").ToList();
        if (keys.Count is 0 or > MaxKeys)
        {
            throw new SpekeRequestException($"The ContentKeyList must hold 1 to {MaxKeys} ContentKey elements.");
        }

        var ids = keys.Select(KeyIdOf).ToList();
        if (v2)
        {
            var schemes = keys.Select((k, i) => (string?)k.Attribute("commonEncryptionScheme") ?? throw new SpekeRequestException($"Missing ContentKey@commonEncryptionScheme for KID {ids[i]}")).Distinct(StringComparer.Ordinal).ToList();
            if (schemes.Count > 1 || schemes[0] is not ("cenc" or "cbc1" or "cens" or "cbcs"))
            {
                throw new SpekeRequestException("Non compliant ContentKey@commonEncryptionScheme combination");
            }
        }

        var served = v2 ? Cpix.ClearKeySystemId : Cpix.HlsAes128SystemId;
        foreach (var system in DrmSystems(root))
        {
            var systemId = (string?)system.Attribute("systemId");
            if (!string.Equals(systemId, served, StringComparison.OrdinalIgnoreCase))
            {
                throw new SpekeRequestException($"DRM system {systemId} is not served here: this key provider serves HLS AES-128 clear key, system id {served} in SPEKE {(v2 ? "v2.0" : "v1")}.");
            }

            if (!ids.Contains(KeyIdOf(system)))
            {
                throw new SpekeRequestException($"DRMSystem@kid {(string?)system.Attribute("kid")} names no ContentKey of the request.");
            }
        }

        return new SpekeRequest(document, v2, contentId, ids);
    }

    /// <summary>
    /// Whether a content id can be one: a path segment of the keys' URL (<see cref="SpekeEndpoints.KeyUrl"/>), which
    /// must come back as the same id.
    /// </summary>
    public static bool IsContentId(string contentId) =>
        contentId is { Length: > 0 and <= MaxContentIdLength } && !contentId.Any(c => c is '/' or '%' or '?' or '#' || char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>
    /// The response: the request's document with each content key's value and, for each DRM system, the key tag's
    /// URL (<c>URIExtXKey</c> in v1, the whole <c>EXT-X-KEY</c> and <c>EXT-X-SESSION-KEY</c> in v2.0's
    /// <c>HLSSignalingData</c>, base64 as SPEKE carries them).
    /// </summary>
    public XDocument Answer(IReadOnlyDictionary<Guid, byte[]> keys, Func<Guid, Uri> keyUrl)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(keyUrl);
        var document = new XDocument(_document);
        var root = document.Root!;
        foreach (var contentKey in root.Elements(Cpix.Namespace + "ContentKeyList").Elements(Cpix.Namespace + "ContentKey"))
        {
            contentKey.Elements(Cpix.Namespace + "Data").Remove();
            contentKey.Add(new XElement(Cpix.Namespace + "Data", new XElement(Cpix.Pskc + "Secret", new XElement(Cpix.Pskc + "PlainValue", Convert.ToBase64String(keys[KeyIdOf(contentKey)])))));
        }

        foreach (var system in DrmSystems(root))
        {
            var url = keyUrl(KeyIdOf(system)).AbsoluteUri;
            foreach (var unused in new[] { Cpix.Namespace + "PSSH", Cpix.Namespace + "ContentProtectionData", Cpix.Namespace + "SmoothStreamingProtectionHeaderData", Cpix.Speke + "ProtectionHeader", Cpix.Speke + "KeyFormat", Cpix.Speke + "KeyFormatVersions" })
            {
                system.Elements(unused).Remove();
            }

            if (IsV2)
            {
                system.Elements(Cpix.Namespace + "HLSSignalingData").Remove();
                system.Add(
                    new XElement(Cpix.Namespace + "HLSSignalingData", new XAttribute("playlist", "media"), Base64($"#EXT-X-KEY:METHOD=AES-128,URI=\"{url}\"")),
                    new XElement(Cpix.Namespace + "HLSSignalingData", new XAttribute("playlist", "master"), Base64($"#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"{url}\"")));
            }
            else
            {
                system.Elements(Cpix.Namespace + "URIExtXKey").Remove();
                system.Add(new XElement(Cpix.Namespace + "URIExtXKey", Base64(url)));
            }
        }

        return document;
    }

    private static IEnumerable<XElement> DrmSystems(XElement root) =>
        root.Elements(Cpix.Namespace + "DRMSystemList").Elements(Cpix.Namespace + "DRMSystem");

    private static Guid KeyIdOf(XElement element) =>
        Guid.TryParse((string?)element.Attribute("kid"), out var kid) ? kid : throw new SpekeRequestException($"{element.Name.LocalName}@kid must be a key id (a UUID).");

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
