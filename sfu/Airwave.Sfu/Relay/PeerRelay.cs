using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Json;
using Airwave.Sfu.Whip;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Relay;

/// <summary>
/// On the pod that has the stream's publisher: relays it to each of the stream's other ready pods (<see cref="ISfuPeers"/>),
/// so that viewers can watch on any of them. Level-triggered, every third of the relay lease: each peer is asked to
/// take (or keep) the publisher at POST /relay, and the engine sends the publisher's media to the port it answers
/// (publish_remotely); a peer that left is no longer sent to; when the publisher leaves, the peers are told.
/// </summary>
public sealed partial class PeerRelay(
    WhipPublishing publishing,
    ISfuPeers peers,
    JanusApi janus,
    HttpClient http,
    SfuSettings settings,
    string roomAdminKey,
    TimeProvider time,
    ILogger<PeerRelay> logger) : BackgroundService
{
    private readonly IPAddress _self = IPAddress.Parse(settings.PodAddress);
    private readonly Dictionary<IPAddress, RelayPorts> _relayed = [];
    private Publisher? _publisher;

    /// <summary>The pods the publisher is relayed to now.</summary>
    public IReadOnlyCollection<IPAddress> RelayedTo => [.. _relayed.Keys];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await StepAsync(stoppingToken);
                }
                catch (Exception e) when (e is HttpRequestException or JanusException or System.Text.Json.JsonException
                    or OperationCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    LogStepFailed(logger, e.Message);
                }

                await Task.Delay(settings.RelayLease / 3, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            await EndAllAsync(CancellationToken.None);
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var publisher = publishing.Current;
        if (publisher != _publisher)
        {
            await EndAllAsync(cancellationToken);
            _publisher = publisher;
        }

        if (publisher is null)
        {
            return;
        }

        var found = (await peers.ResolveAsync(cancellationToken)).Where(a => !a.Equals(_self)).ToList();
        foreach (var gone in _relayed.Keys.Except(found).ToList())
        {
            await UnpublishAsync(gone, cancellationToken);
            _relayed.Remove(gone);
            LogLeft(logger, gone);
        }

        foreach (var peer in found)
        {
            try
            {
                await RelayToAsync(peer, publisher, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or JanusException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The others are not held up by one; it is asked again on the next step.
                LogPeerFailed(logger, peer, e.Message);
            }
        }
    }

    private async Task RelayToAsync(IPAddress peer, Publisher publisher, CancellationToken cancellationToken)
    {
        using var ask = new HttpRequestMessage(HttpMethod.Post, PeerUri(peer)) { Content = JsonContent.Create(new JsonObject { ["streams"] = publisher.Streams.DeepClone() }, NodeJson.Default.JsonObject) };
        ask.Headers.Authorization = new AuthenticationHeaderValue("Bearer", roomAdminKey);
        using var answer = await http.SendAsync(ask, cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /relay answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var taken = (await answer.Content.ReadFromJsonAsync(NodeJson.Default.JsonObject, cancellationToken))!;
        var ports = new RelayPorts((int)taken["port"]!, (int?)taken["rtcpPort"]);
        if (_relayed.TryGetValue(peer, out var sending) && sending == ports)
        {
            return;
        }

        // Whatever an earlier request left (its answer lost, or the peer's port changed) goes first: one stream of packets per peer.
        await UnpublishAsync(peer, cancellationToken);
        var remotely = new JsonObject
        {
            ["request"] = "publish_remotely",
            ["room"] = SfuSettings.Room,
            ["publisher_id"] = WhipPublishing.PublisherId,
            ["remote_id"] = peer.ToString(),
            ["host"] = peer.ToString(),
            ["port"] = ports.Port,
        };
        if (ports.RtcpPort is { } rtcp)
        {
            // The peer's keyframe requests come back this way: a viewer joining there gets a keyframe at once.
            remotely["rtcp_port"] = rtcp;
        }

        var published = await janus.RequestOnceAsync(remotely, cancellationToken);
        if ((int?)published["error_code"] is { } code)
        {
            throw new JanusException(code, $"the engine did not relay the publisher: {(string?)published["error"]}");
        }

        _relayed[peer] = ports;
        LogRelaying(logger, peer, ports.Port);
    }

    private async Task UnpublishAsync(IPAddress peer, CancellationToken cancellationToken) =>
        await janus.RequestOnceAsync(
            new JsonObject { ["request"] = "unpublish_remotely", ["room"] = SfuSettings.Room, ["publisher_id"] = WhipPublishing.PublisherId, ["remote_id"] = peer.ToString() },
            cancellationToken);

    /// <summary>The publisher left (or this pod stops): its peers are told, so their viewers see it leave at once rather than when the lease ends.</summary>
    private async Task EndAllAsync(CancellationToken cancellationToken)
    {
        foreach (var peer in _relayed.Keys.ToList())
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, PeerUri(peer));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", roomAdminKey);
                using var answer = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Its lease ends it.
                LogPeerFailed(logger, peer, e.Message);
            }

            _relayed.Remove(peer);
        }
    }

    private Uri PeerUri(IPAddress peer) => new($"http://{(peer.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{peer}]" : peer.ToString())}:{settings.ApiPort.ToString(CultureInfo.InvariantCulture)}/relay");

    [LoggerMessage(Level = LogLevel.Information, Message = "Relaying the publisher to the pod at {Peer}, UDP port {Port}")]
    private static partial void LogRelaying(ILogger logger, IPAddress peer, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "The pod at {Peer} left; no longer relaying to it")]
    private static partial void LogLeft(ILogger logger, IPAddress peer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The publisher could not be relayed to the pod at {Peer}: {Reason}; trying again")]
    private static partial void LogPeerFailed(ILogger logger, IPAddress peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying could not be looked at: {Reason}; trying again")]
    private static partial void LogStepFailed(ILogger logger, string reason);
}
