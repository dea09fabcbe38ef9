using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Airwave.Aws.MediaPackage;

namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>What a key provider failed with: no answer, an error status, or an answer without the key.</summary>
internal sealed class KeyProviderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// MediaPackage's side of SPEKE v1 for an HLS endpoint: one request per key period, with the endpoint's resource id,
/// a key id made from it and the period, and the HLS AES-128 system id; the answer's key value, key URL
/// (URIExtXKey) and IV. In AWS, the gateway in front of the key provider checks MediaPackage's IAM signature; here
/// <see cref="AwsEmulatorOptions.SpekeGatewayHeaders"/> stands in for what that gateway adds. Only key providers on
/// this machine are called.
/// </summary>
internal sealed class SpekeClient(AwsEmulatorOptions options) : IDisposable
{
    /// <summary>MediaPackage gives a key provider a few seconds; a player's request waits on it meanwhile.</summary>
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Dispose() => _http.Dispose();

    private static readonly XmlReaderSettings Xml = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public async Task<ContentKey> RequestAsync(SpekeKeyProvider provider, Guid kid, long period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!Uri.TryCreate(provider.Url, UriKind.Absolute, out var url) || !IsOnThisMachine(url))
        {
            throw new KeyProviderException($"the key provider at {provider.Url} is not reachable from the sandbox (only key providers on this machine are)");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(Request(provider, kid, period).ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "application/xml"),
        };
        foreach (var (name, value) in options.SpekeGatewayHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new KeyProviderException($"the key provider at {provider.Url} did not answer: {e.Message}", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new KeyProviderException($"the key provider at {provider.Url} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
            }

            return Answer(provider.Url, body, kid);
        }
    }

    /// <summary>The request MediaPackage sends for one key period of an HLS endpoint.</summary>
    private static XDocument Request(SpekeKeyProvider provider, Guid kid, long period)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var periodId = $"keyPeriod_{KeyIds.For(provider.ResourceId, period):D}";
        XNamespace cpix = Cpix.Namespace;
        return new XDocument(new XElement(
            cpix + "CPIX",
            new XAttribute("id", provider.ResourceId),
            new XAttribute(XNamespace.Xmlns + "cpix", Cpix.Namespace),
            new XAttribute(XNamespace.Xmlns + "pskc", Cpix.Pskc),
            new XAttribute(XNamespace.Xmlns + "speke", Cpix.Speke),
            new XElement(cpix + "ContentKeyList", new XElement(cpix + "ContentKey", new XAttribute("kid", kid))),
            new XElement(cpix + "DRMSystemList", provider.SystemIds.Select(systemId => new XElement(
                cpix + "DRMSystem",
                new XAttribute("kid", kid),
                new XAttribute("systemId", systemId),
                new XElement(cpix + "ContentProtectionData"),
                new XElement(Cpix.Speke + "KeyFormat"),
                new XElement(Cpix.Speke + "KeyFormatVersions"),
                new XElement(Cpix.Speke + "ProtectionHeader"),
                new XElement(cpix + "PSSH"),
                new XElement(cpix + "URIExtXKey")))),
            new XElement(cpix + "ContentKeyPeriodList", new XElement(cpix + "ContentKeyPeriod", new XAttribute("id", periodId), new XAttribute("index", period))),
            new XElement(cpix + "ContentKeyUsageRuleList", new XElement(
                cpix + "ContentKeyUsageRule",
                new XAttribute("kid", kid),
                new XElement(cpix + "KeyPeriodFilter", new XAttribute("periodId", periodId))))));
    }

    private static ContentKey Answer(string providerUrl, string body, Guid kid)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(body), Xml);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new KeyProviderException($"the key provider at {providerUrl} answered something other than a CPIX document: {e.Message}", e);
        }

        XNamespace cpix = Cpix.Namespace;
        var contentKey = document.Root?.Elements(cpix + "ContentKeyList").Elements(cpix + "ContentKey").FirstOrDefault(k => Guid.TryParse((string?)k.Attribute("kid"), out var id) && id == kid);
        var value = (string?)contentKey?.Element(cpix + "Data")?.Element(Cpix.Pskc + "Secret")?.Element(Cpix.Pskc + "PlainValue");
        var system = document.Root?.Elements(cpix + "DRMSystemList").Elements(cpix + "DRMSystem").FirstOrDefault(s => s.Element(cpix + "URIExtXKey") is not null);
        var uri = (string?)system?.Element(cpix + "URIExtXKey");
        try
        {
            var key = value is null ? null : Convert.FromBase64String(value);
            var keyUri = string.IsNullOrEmpty(uri) ? null : Encoding.UTF8.GetString(Convert.FromBase64String(uri));
            var iv = (string?)contentKey?.Attribute("explicitIV") is { } explicitIv ? Convert.FromBase64String(explicitIv) : null;
            if (key is not { Length: 16 } || keyUri is null || iv is not (null or { Length: 16 }))
            {
                throw new KeyProviderException($"the key provider at {providerUrl} answered without a 16-byte key and a key URL (URIExtXKey) for key {kid}");
            }

            return new ContentKey(kid, key, keyUri, iv, Decoded(system?.Element(Cpix.Speke + "KeyFormat")), Decoded(system?.Element(Cpix.Speke + "KeyFormatVersions")));
        }
        catch (FormatException e)
        {
            throw new KeyProviderException($"the key provider at {providerUrl} answered a value that is not base64: {e.Message}", e);
        }
    }

    /// <summary>A base64 text element's text; null when absent or empty.</summary>
    private static string? Decoded(XElement? element) =>
        string.IsNullOrEmpty((string?)element) ? null : Encoding.UTF8.GetString(Convert.FromBase64String((string)element!));

    private static bool IsOnThisMachine(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));
}

/// <summary>The key ids MediaPackage makes: the same for the same content id and key period.</summary>
internal static class KeyIds
{
    public static Guid For(string resourceId, long period) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{resourceId}\n{period}")).AsSpan(0, 16));
}
