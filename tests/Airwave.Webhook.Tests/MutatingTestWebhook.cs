using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Webhook.Tests;

/// <summary>
/// A mutating webhook of the test's own on 127.0.0.1 (HTTPS with the given certificates). At /mutate it labels every
/// object it is asked about, gives the RTMP source of a LiveStream an address block no schema accepts, and warns; at
/// /set-b it labels the object b=set; at /echo-b it labels it seen-b with the b label it was sent (none without). It
/// keeps every request it got.
/// </summary>
public sealed class MutatingTestWebhook : IAsyncDisposable
{
    public const string Label = "airwave.test/mutated";

    private readonly WebApplication _app;

    private MutatingTestWebhook(WebApplication app, Uri url, ConcurrentQueue<(string Path, JsonObject Request)> requests)
    {
        _app = app;
        Url = url;
        Requests = requests;
    }

    public Uri Url { get; }

    public ConcurrentQueue<(string Path, JsonObject Request)> Requests { get; }

    /// <summary>The URL of another of its paths (set-b, echo-b).</summary>
    public Uri At(string path) => new(Url, path);

    public static async Task<MutatingTestWebhook> StartAsync(SandboxCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificates.Server)));
        var app = builder.Build();
        var requests = new ConcurrentQueue<(string Path, JsonObject Request)>();
        app.MapPost("/set-b", (JsonObject review) => Labelled(requests, "/set-b", review, "b", _ => "set"));
        app.MapPost("/echo-b", (JsonObject review) => Labelled(requests, "/echo-b", review, "seen-b", labels => (string?)labels?["b"] ?? "none"));
        app.MapPost("/mutate", (JsonObject review) =>
        {
            requests.Enqueue(("/mutate", review["request"]!.AsObject()));
            var request = review["request"]!;
            var obj = request["object"]!;
            var patch = new JsonArray();
            if (obj["metadata"]?["labels"] is null)
            {
                patch.Add(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels", ["value"] = new JsonObject() });
            }

            patch.Add(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels/airwave.test~1mutated", ["value"] = "yes" });
            if ((string?)request["kind"]!["kind"] == "LiveStream")
            {
                patch.Add(new JsonObject { ["op"] = "add", ["path"] = "/spec/source/rtmpPush", ["value"] = new JsonObject { ["allowedCidrs"] = new JsonArray("10.0.0.300/8") } });
            }

            return Answer(request, patch, "labelled by the test's mutating webhook");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new MutatingTestWebhook(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/mutate"), requests);
    }

    private static IResult Labelled(ConcurrentQueue<(string Path, JsonObject Request)> requests, string path, JsonObject review, string key, Func<JsonNode?, string> value)
    {
        var request = review["request"]!.AsObject();
        requests.Enqueue((path, request));
        var labels = request["object"]?["metadata"]?["labels"];
        var patch = new JsonArray();
        if (labels is null)
        {
            patch.Add(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels", ["value"] = new JsonObject() });
        }

        patch.Add(new JsonObject { ["op"] = "add", ["path"] = $"/metadata/labels/{key}", ["value"] = value(labels) });
        return Answer(request, patch, null);
    }

    private static IResult Answer(JsonNode request, JsonArray patch, string? warning) => Results.Json(new JsonObject
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["response"] = new JsonObject
        {
            ["uid"] = (string?)request["uid"],
            ["allowed"] = true,
            ["patchType"] = "JSONPatch",
            ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString())),
            ["warnings"] = warning is null ? new JsonArray() : new JsonArray(warning),
        },
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
