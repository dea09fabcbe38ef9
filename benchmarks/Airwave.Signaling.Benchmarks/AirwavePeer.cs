using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Airwave.Benchmarking;

namespace Airwave.Signaling.Benchmarks;

/// <summary>
/// Airwave's signaling service (airwave-signaling, the DLL built beside the benchmark, on SQLite), with its per-page rate limits and its sockets
/// per address raised (every page here comes from 127.0.0.1) so that the relay, not a limit, is measured. A pair is a
/// viewer whose watch request the broadcaster accepted; the viewer relays ICE candidates to the broadcaster, as pages
/// do during a negotiation.
/// </summary>
public sealed class AirwavePeer : IRelayPeer
{
    private const string Origin = "https://bench.example";
    private readonly string _secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private readonly DirectoryInfo _folder;
    private readonly Uri _socket;

    private AirwavePeer(ServerProcess process, DirectoryInfo folder, int publicPort)
    {
        Process = process;
        _folder = folder;
        _socket = new Uri($"ws://127.0.0.1:{publicPort.ToString(CultureInfo.InvariantCulture)}/ws/v1?site=bench");
    }

    public string Name => "Airwave";

    public ServerProcess Process { get; }

    public static async Task<AirwavePeer> StartAsync(int publicPort, int managementPort)
    {
        var folder = Directory.CreateTempSubdirectory("airwave-signaling-bench-");
        const string adminToken = "bench-admin-token";
        var (process, _) = await ServerProcess.StartAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "airwave-signaling.dll")],
            new Dictionary<string, string>
            {
                ["AIRWAVE_Signaling__BindAddress"] = "127.0.0.1",
                ["AIRWAVE_Signaling__PublicPort"] = publicPort.ToString(CultureInfo.InvariantCulture),
                ["AIRWAVE_Signaling__ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),
                ["AIRWAVE_Signaling__Database__ConnectionString"] = $"Data Source={Path.Combine(folder.FullName, "signaling.db")}",
                ["AIRWAVE_Signaling__Sessions__MessagesPerSecond"] = "1000000",
                ["AIRWAVE_Signaling__Sessions__MessageBurst"] = "1000000",
                ["AIRWAVE_Signaling__Sessions__MaxSocketsPerAddress"] = "1000000",
                ["SIGNALING_ADMIN_TOKEN"] = adminToken,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            },
            line => line.Contains("Now listening", StringComparison.Ordinal) || line.Contains("Application started", StringComparison.Ordinal),
            folder.FullName);
        var peer = new AirwavePeer(process, folder, publicPort);
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort.ToString(CultureInfo.InvariantCulture)}") };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var site = new JsonObject { ["name"] = "Bench", ["allowedOrigins"] = new JsonArray(Origin), ["secret"] = peer._secret }.ToJsonString();
        using var created = await admin.PutAsync("/api/v1/sites/bench", new StringContent(site, Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        return peer;
    }

    public async Task<RelayClient> ConnectIdleAsync(string user, CancellationToken cancellationToken) =>
        (await HelloAsync("viewer", user, cancellationToken)).Client;

    public async Task<RelayPair> PairAsync(int index, CancellationToken cancellationToken)
    {
        var (broadcaster, _) = await HelloAsync("broadcaster", $"b{index}", cancellationToken);
        var (viewer, _) = await HelloAsync("viewer", $"v{index}", cancellationToken);
        await viewer.SendAsync(Frame(new { type = "watch", broadcaster = $"b{index}" }), cancellationToken);
        var request = (string)JsonNode.Parse(await broadcaster.ExpectAsync(t => Type(t) == "watch-request"))!["request"]!;
        await broadcaster.SendAsync(Frame(new { type = "accept", request }), cancellationToken);
        await viewer.ExpectAsync(t => Type(t) == "accepted");
        await broadcaster.ExpectAsync(t => Type(t) == "viewer-ready");
        var relayed = $"{{\"v\":1,\"type\":\"ice\",\"request\":{JsonSerializer.Serialize(request)},\"candidate\":{{\"candidate\":\"";
        return new RelayPair(
            viewer,
            broadcaster,
            n => $"{relayed}{n.ToString(CultureInfo.InvariantCulture)}\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}}}",
            Candidate);
    }

    /// <summary>
    /// The number a relayed candidate carries, read from the frame's text as the socket.io side reads its own, so that
    /// neither client spends more of the shared cores on a frame than the other.
    /// </summary>
    private static long? Candidate(string text)
    {
        const string Marker = "\"candidate\":{\"candidate\":\"";
        var start = text.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0 || !text.Contains("\"type\":\"ice\"", StringComparison.Ordinal))
        {
            return null;
        }

        var digits = text.AsSpan(start + Marker.Length);
        return long.TryParse(digits[..digits.IndexOf('"')], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public void Dispose()
    {
        Process.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task<(RelayClient Client, string Welcome)> HelloAsync(string role, string user, CancellationToken cancellationToken)
    {
        var client = await RelayClient.ConnectAsync(_socket, Origin, null, cancellationToken);
        await client.SendAsync(Frame(new { type = "hello", role, token = Token(user) }), cancellationToken);
        return (client, await client.ExpectAsync(t => Type(t) == "welcome"));
    }

    /// <summary>A user token as a site's server signs one (HS256 with the site's secret).</summary>
    private string Token(string user)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { sub = user, aud = "bench", exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), Encoding.ASCII.GetBytes($"{header}.{claims}")));
        return $"{header}.{claims}.{signature}";
    }

    private static string Frame(object body)
    {
        var json = JsonSerializer.SerializeToNode(body)!.AsObject();
        json.Insert(0, "v", 1);
        return json.ToJsonString();
    }

    private static string? Type(string text) => text.Contains("\"type\"", StringComparison.Ordinal) ? (string?)JsonNode.Parse(text)!["type"] : null;
}
