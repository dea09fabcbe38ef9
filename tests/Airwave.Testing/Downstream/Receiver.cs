using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Testing.Downstream;

/// <summary>
/// A downstream service on 127.0.0.1 that verifies the Standard Webhooks signature with its own HMAC code (not the
/// sender's) against the secrets it was given, and the bearer token. Requests failing either are answered 401
/// and counted in <see cref="Rejected"/>.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _accepted = new();
    private readonly ConcurrentQueue<ReceiverResponse> _script = new();
    private int _rejected;
    private int _requests;

    private Receiver(WebApplication app) => _app = app;

    /// <summary>The secrets (whsec_…) a signature may be made with; at least one signature must match one of them.</summary>
    public IReadOnlyList<string> Secrets { get; set; } = [];

    /// <summary>The bearer token requests must carry; null when they must carry none.</summary>
    public string? Token { get; set; }

    public Uri Url { get; private set; } = null!;

    /// <summary>How to answer once <see cref="Script"/> is used up.</summary>
    public ReceiverResponse Default { get; set; } = ReceiverResponse.Accept;

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The receiver's clock, against which a signature's timestamp must be within five minutes.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public IReadOnlyList<ReceivedRequest> Accepted => [.. _accepted];

    /// <summary>Every CloudEvent in accepted requests, in arrival order, duplicates included.</summary>
    public IReadOnlyList<JsonObject> Events => [.. _accepted.SelectMany(r => r.Events)];

    public int Rejected => Volatile.Read(ref _rejected);

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/events", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(address + "/events");
        return receiver;
    }

    /// <summary>Answers the next requests this way, in order, before falling back to <see cref="Default"/>.</summary>
    public void Script(params ReceiverResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var response = _script.TryDequeue(out var scripted) ? scripted : Default;
        if (response == ReceiverResponse.Unreachable)
        {
            context.Abort();
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        if (!IsSigned(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body)
            || headers.Authorization.ToString() != (Token is null ? "" : $"Bearer {Token}"))
        {
            Interlocked.Increment(ref _rejected);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        switch (response)
        {
            case ReceiverResponse.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case ReceiverResponse.TooManyRequests:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return;
            case ReceiverResponse.Gone:
                context.Response.StatusCode = StatusCodes.Status410Gone;
                return;
            case ReceiverResponse.Slow:
                // The receiver did process the events; only its answer comes too late, so the sender sends them again.
                Record(context, headers["webhook-id"].ToString(), body);
                await Task.Delay(SlowDelay, CancellationToken.None);
                return;
            default:
                Record(context, headers["webhook-id"].ToString(), body);
                context.Response.StatusCode = (int)HttpStatusCode.NoContent;
                return;
        }
    }

    private void Record(HttpContext context, string messageId, byte[] body)
    {
        var contentType = context.Request.ContentType ?? "";
        var json = JsonNode.Parse(body)!;
        IReadOnlyList<JsonObject> events = json is JsonArray array ? [.. array.Select(e => e!.AsObject())] : [json.AsObject()];
        _accepted.Enqueue(new ReceivedRequest(messageId, contentType, events, json is JsonArray));
    }

    /// <summary>Standard Webhooks verification, written from the specification.</summary>
    private bool IsSigned(string id, string timestamp, string signatures, byte[] body)
    {
        if (id.Length == 0 || !long.TryParse(timestamp, out var seconds) || Math.Abs(Clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = Secrets.Select(s => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(s["whsec_".Length..]), signed))).ToHashSet();
        return signatures.Split(' ').Any(expected.Contains);
    }
}
