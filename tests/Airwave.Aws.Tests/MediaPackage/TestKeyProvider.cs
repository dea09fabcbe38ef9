using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Airwave.Sandbox.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Airwave.Aws.Tests.MediaPackage;

/// <summary>
/// A SPEKE v1 key provider written from AWS's specification alone, for the emulator's MediaPackage to ask: it answers
/// each key id with a random key and a key URL on itself (URIExtXKey; for FairPlay an skd:// URI and its key
/// format), serves the keys there, remembers every request, and can be made to fail with 500.
/// </summary>
internal sealed class TestKeyProvider : IAsyncDisposable
{
    private static readonly XNamespace Cpix = "urn:dashif:org:cpix";
    private static readonly XNamespace Pskc = "urn:ietf:params:xml:ns:keyprov:pskc";
    private static readonly XNamespace Speke = "urn:aws:amazon:com:speke";

    /// <summary>Apple FairPlay's DRM system id, as AWS's SPEKE documentation lists it.</summary>
    public const string FairPlaySystemId = "94ce86fb-07ff-4f43-adb8-93d2fa968ca2";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, byte[]> _keys = new();

    private TestKeyProvider(WebApplication app, int port)
    {
        (_app, Url) = (app, new Uri($"http://127.0.0.1:{port}/speke/v1.0/copyProtection"));
    }

    public Uri Url { get; }

    public bool Down { get; set; }

    /// <summary>Every key request answered or refused: its headers and document.</summary>
    public ConcurrentQueue<(IReadOnlyDictionary<string, string> Headers, XDocument Document)> Requests { get; } = new();

    public byte[] KeyOf(Guid kid) => _keys[kid];

    public static async Task<TestKeyProvider> StartAsync()
    {
        var port = LoopbackPorts.Reserve();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var provider = new TestKeyProvider(app, port);
        app.MapPost("/speke/v1.0/copyProtection", (Delegate)provider.AnswerAsync);
        app.MapGet("/keys/{kid}", (Guid kid) => provider._keys.TryGetValue(kid, out var key) ? Results.Bytes(key) : Results.NotFound());
        await app.StartAsync();
        return provider;
    }

    private async Task<IResult> AnswerAsync(HttpContext context)
    {
        var document = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted);
        Requests.Enqueue((context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), new XDocument(document)));
        if (Down)
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        var fairPlay = document.Descendants(Cpix + "DRMSystem").Any(s => (string?)s.Attribute("systemId") == FairPlaySystemId);
        foreach (var contentKey in document.Descendants(Cpix + "ContentKey"))
        {
            var kid = Guid.Parse((string)contentKey.Attribute("kid")!);
            var key = _keys.GetOrAdd(kid, _ => RandomNumberGenerator.GetBytes(16));
            contentKey.Add(new XElement(Cpix + "Data", new XElement(Pskc + "Secret", new XElement(Pskc + "PlainValue", Convert.ToBase64String(key)))));
            if (fairPlay)
            {
                // FairPlay key providers answer the IV with the key, which the key tag then carries.
                contentKey.SetAttributeValue("explicitIV", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
            }
        }

        foreach (var system in document.Descendants(Cpix + "DRMSystem"))
        {
            var kid = (string)system.Attribute("kid")!;
            if ((string?)system.Attribute("systemId") == FairPlaySystemId)
            {
                // FairPlay's key tag names the key by an skd:// URI that players take to a license server.
                system.Element(Cpix + "URIExtXKey")!.Value = Base64($"skd://{kid}");
                system.Element(Speke + "KeyFormat")!.Value = Base64("com.apple.streamingkeydelivery");
                system.Element(Speke + "KeyFormatVersions")!.Value = Base64("1");
            }
            else
            {
                system.Element(Cpix + "URIExtXKey")!.Value = Base64(new Uri(Url, $"/keys/{kid}").ToString());
            }
        }

        return Results.Text(document.ToString(), "application/xml");
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
